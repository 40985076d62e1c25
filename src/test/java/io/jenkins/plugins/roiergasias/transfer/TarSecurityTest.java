package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile pod can send back, and what reaches the workspace. */
class TarSecurityTest {
    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    private final List<String> notes = new ArrayList<>();

    private List<String> extract(byte[] tar, long max) throws IOException {
        return TarExtractor.extract(new ByteArrayInputStream(tar), new SafeWriter(workspace, max, "maxTransferSize"),
                n -> true, notes::add);
    }

    private List<String> extract(byte[] tar) throws IOException {
        return extract(tar, 1 << 20);
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> s = Files.walk(workspace)) {
            return s.filter(p -> !p.equals(workspace)).toList();
        }
    }

    @Test
    void parentDirectoryNamesAreRefusedAndNothingIsWritten() throws IOException {
        byte[] tar = new HostileTar().file("../escaped.txt", "x").end();
        TransferException e = assertThrows(TransferException.class, () -> extract(tar));
        assertTrue(e.getMessage().contains("leaves the directory"), e.getMessage());
        assertFalse(Files.exists(workspace.getParent().resolve("escaped.txt")));
        byte[] deep = new HostileTar().file("a/../../escaped.txt", "x").end();
        assertThrows(TransferException.class, () -> extract(deep));
        assertEquals(List.of(), everything());
    }

    @Test
    void absoluteNamesAreRefused() throws IOException {
        Path target = outside.resolve("abs.txt");
        byte[] tar = new HostileTar().file(target.toString(), "x").end();
        TransferException e = assertThrows(TransferException.class, () -> extract(tar));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aSymlinkFromThePodIsNotCreatedAndAFileBehindItDoesNotEscape() throws IOException {
        byte[] tar = new HostileTar()
                .entry("link", '2', outside.toString())
                .file("link/owned.txt", "x")
                .end();
        assertEquals(List.of("link/owned.txt"), extract(tar));
        assertFalse(Files.exists(outside.resolve("owned.txt")));
        assertFalse(Files.isSymbolicLink(workspace.resolve("link")), "no link is ever created");
        assertTrue(Files.isRegularFile(workspace.resolve("link/owned.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(notes.stream().anyMatch(n -> n.contains("left out link: a symlink")), notes.toString());
    }

    @Test
    void aPathThroughASymlinkOfTheWorkspaceIsRefused() throws IOException {
        Files.createSymbolicLink(workspace.resolve("results"), outside);
        byte[] tar = new HostileTar().file("results/model.bin", "x").end();
        TransferException e = assertThrows(TransferException.class, () -> extract(tar));
        assertTrue(e.getMessage().contains("passes through the symlink results"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("model.bin")));
    }

    @Test
    void aFileReplacesAWorkspaceSymlinkOfItsNameInsteadOfWritingThroughIt() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "safe");
        Files.createSymbolicLink(workspace.resolve("out.txt"), victim);
        extract(new HostileTar().file("out.txt", "from the pod").end());
        assertEquals("safe", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(workspace.resolve("out.txt")));
        assertEquals("from the pod", Files.readString(workspace.resolve("out.txt")));
    }

    @Test
    void hardLinksAndDevicesAreLeftOut() throws IOException {
        byte[] tar = new HostileTar()
                .entry("hard", '1', "/etc/passwd")
                .entry("dev", '3', "")
                .file("ok.txt", "ok")
                .end();
        assertEquals(List.of("ok.txt"), extract(tar));
        assertEquals(List.of(workspace.resolve("ok.txt")), everything());
        assertEquals(2, notes.size(), notes.toString());
    }

    @Test
    void theSizeLimitStopsTheCopyWithAClearMessageAndLeavesNoPartialFile() throws IOException {
        byte[] tar = new HostileTar().file("small.txt", "12345").file("big.txt", "x".repeat(5000)).end();
        TransferException e = assertThrows(TransferException.class, () -> extract(tar, 4096));
        assertTrue(e.getMessage().contains("larger than the limit of 4.0 KiB (maxTransferSize)"), e.getMessage());
        assertEquals(List.of(workspace.resolve("small.txt")), everything());
    }

    @Test
    void aCutArchiveLeavesEarlierFilesWholeAndNoPartialFile() throws IOException {
        Files.writeString(workspace.resolve("big.txt"), "the previous version");
        HostileTar t = new HostileTar().file("first.txt", "whole").file("big.txt", "y".repeat(3000));
        byte[] cut = t.cut(1500);
        TransferException e = assertThrows(TransferException.class, () -> extract(cut));
        assertTrue(e.getMessage().contains("ended in the middle"), e.getMessage());
        assertEquals("whole", Files.readString(workspace.resolve("first.txt")));
        assertEquals("the previous version", Files.readString(workspace.resolve("big.txt")));
        assertEquals(2, everything().size(), everything().toString());
    }

    @Test
    void aDamagedHeaderIsRefused() {
        byte[] tar = new HostileTar().file("a.txt", "x").end();
        tar[10] ^= 0x55;
        TransferException e = assertThrows(TransferException.class, () -> extract(tar));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void namesWithSpacesNonAsciiLongNamesAndExecutableBitsSurviveTheRoundTrip() throws IOException {
        String[] names = {"data/train set.csv", "données/μοντέλο ü.txt",
            "deep/" + "sehr-langer-name-".repeat(8) + "/file.txt", "run.sh"};
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        for (String n : names) {
            byte[] data = ("content of " + n).getBytes(StandardCharsets.UTF_8);
            w.file(n, data.length, n.endsWith(".sh"), 1_700_000_000L, new ByteArrayInputStream(data));
        }
        w.finish();
        assertEquals(0, buf.size() % 10240, "whole records");
        assertEquals(List.of(names), extract(buf.toByteArray()));
        for (String n : names) {
            assertEquals("content of " + n, Files.readString(workspace.resolve(n)));
        }
        assertTrue(Files.isExecutable(workspace.resolve("run.sh")));
        assertFalse(Files.isExecutable(workspace.resolve("data/train set.csv")));
    }

    @Test
    void systemTarReadsWhatTheWriterWrites() throws Exception {
        String name = "dir with space/" + "ü".repeat(70) + ".bin";
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.file(name, 3, true, 1_700_000_000L, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        w.finish();
        Process p = new ProcessBuilder("tar", "-xf", "-", "-C", outside.toString()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(buf.toByteArray());
        }
        String out;
        try (InputStream s = p.getInputStream()) {
            out = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, p.waitFor(), out);
        assertEquals(3, Files.size(outside.resolve(name)));
        assertTrue(Files.isExecutable(outside.resolve(name)));
    }

    @Test
    void theReaderReadsWhatSystemTarWrites() throws Exception {
        Path src = Files.createDirectories(outside.resolve("src"));
        String name = "résumé " + "x".repeat(120) + ".txt";
        Files.writeString(src.resolve(name), "hello");
        Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/passwd"));
        Process p = new ProcessBuilder("tar", "-cf", "-", "-C", src.toString(), ".").start();
        byte[] tar;
        try (InputStream s = p.getInputStream()) {
            tar = s.readAllBytes();
        }
        assertEquals(0, p.waitFor());
        assertEquals(List.of(name), extract(tar));
        assertEquals("hello", Files.readString(workspace.resolve(name)));
        assertFalse(Files.exists(workspace.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
