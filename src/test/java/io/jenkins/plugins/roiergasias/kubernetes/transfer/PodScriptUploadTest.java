package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.transfer.InputFiles;
import io.jenkins.plugins.roiergasias.transfer.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's side of sending the inputs ({@link PodScript#upload}), run here with {@code /bin/sh}
 * as the pod runs it. Files a step writes must always look newer than the inputs' marker, also on
 * file systems with whole-second times; and a transfer that already took longer than that gap
 * must not wait for it again.
 */
@Timeout(60)
class PodScriptUploadTest {
    private static final byte[] CONTENT = "1,2,3\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void aSlowTransferIsNotFollowedByAnotherSecondOfWaiting() throws Exception {
        Path in0 = work.resolve(".roiergasias/in0");
        byte[] archive = archive();
        Process p = start(archive.length);
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(archive, 0, 512);
            stdin.flush();
            // the archive is still arriving when its marker is 2 s old (deadline: the old script never
            // writes the marker before the whole archive is there)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!olderThan(in0, 2_000)) {
                assertTrue(System.nanoTime() < deadline, "no inputs marker while the archive was arriving");
                TimeUnit.MILLISECONDS.sleep(20); // polling the marker's age
            }
            stdin.write(archive, 512, archive.length - 512);
        }
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        long gap = millis(work.resolve(".roiergasias/in")) - millis(in0);
        // the old script waited a whole second after the archive: 3 s and more here
        assertTrue(gap < 2_800, "inputs released " + gap + " ms after the marker");
        assertEquals("1,2,3\n", Files.readString(work.resolve("data/x.csv")));
    }

    @Test
    void aFileAStepChangesRightAfterAFastTransferIsNewerThanTheMarkerEvenInWholeSeconds() throws Exception {
        byte[] archive = archive();
        Process p = start(archive.length);
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(archive);
        }
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Path changed = work.resolve("data/x.csv");
        Files.writeString(changed, "changed by a step\n"); // at once, as a step may
        long marker = millis(work.resolve(".roiergasias/in0"));
        long step = millis(changed);
        assertTrue(step / 1000 > marker / 1000, "marker " + marker + " ms, step's write " + step
                + " ms: in whole seconds the change would be missed");
        assertTrue(Files.exists(work.resolve(".roiergasias/in")));
    }

    private Process start(long size) throws IOException {
        return new ProcessBuilder(PodScript.upload(work.toString(), size)).start();
    }

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        w.file("data/x.csv", CONTENT.length, false, 1_700_000_000L, new ByteArrayInputStream(CONTENT));
        w.finish();
        assertEquals(TarWriter.archiveSize(List.of(new InputFiles.Entry("data/x.csv", Path.of("x"), CONTENT.length,
                false, 0))), out.size());
        return out.toByteArray();
    }

    private static boolean olderThan(Path file, long ms) throws IOException {
        return Files.exists(file) && System.currentTimeMillis() - millis(file) > ms;
    }

    private static long millis(Path file) throws IOException {
        FileTime t = Files.getLastModifiedTime(file);
        return t.toMillis();
    }
}
