package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.transfer.LocalFiles;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files in and out on the real two-node cluster, under a ServiceAccount bound to the Role of this
 * checkout's docs/rbac.yaml (created in a namespace of the test's own, so that no other version of
 * the Role matters): segment 1 on node1 reads a data file and a script of the workspace and writes
 * 20 MiB plus its checksum; segment 2 on node2 verifies it and writes a result.
 */
@Tag("e2e")
class FilesEndToEndTest {
    static final String WORKFLOW = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - execute:
                      - "sh prepare.sh"
              - node: node2
                sequential:
                  - execute:
                      - "sha256sum -c out/model.sha256"
                      - "wc -l < 'data/train set.csv' > result.txt"
            """;

    private static TestCluster cluster;

    @TempDir
    Path workspace;

    @BeforeAll
    static void connect() throws Exception {
        cluster = TestCluster.fromEnvironment();
    }

    @AfterAll
    static void disconnect() {
        cluster.admin.close();
    }

    static void workspace(Path w) throws Exception {
        Files.createDirectories(w.resolve("data"));
        Files.writeString(w.resolve("data/train set.csv"), "1,5\n2,8\n3,11\n");
        Path script = Files.writeString(w.resolve("prepare.sh"), "mkdir -p out\n"
                + "head -c 20971520 /dev/urandom > out/model.bin\n"
                + "cat 'data/train set.csv' >> out/model.bin\n"
                + "sha256sum out/model.bin > out/model.sha256\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                d.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static void assertOutputs(Path w) throws Exception {
        assertEquals(20971520 + 13, Files.size(w.resolve("out/model.bin")));
        String expected = Files.readString(w.resolve("out/model.sha256")).split(" ")[0];
        assertEquals(expected, sha256(w.resolve("out/model.bin")));
        assertEquals("3", Files.readString(w.resolve("result.txt")).trim());
    }

    /** The published Role, from this checkout. */
    static Role publishedRole() throws Exception {
        return publishedRole(cluster);
    }

    /** The published Role, from this checkout, read through {@code cluster}. */
    static Role publishedRole(TestCluster cluster) throws Exception {
        Path rbac = Path.of(System.getProperty("roiergasias.project.dir", ".."), "docs", "rbac.yaml");
        try (InputStream in = Files.newInputStream(rbac)) {
            List<HasMetadata> items = cluster.admin.load(in).items();
            return (Role) items.stream().filter(i -> i instanceof Role).findFirst().orElseThrow();
        }
    }

    @Test
    void twentyMebibytesGoFromNode1ToNode2AndBackIntoTheWorkspaceUnderThePublishedRole() throws Exception {
        String ns = cluster.newNamespace("files");
        try {
            String kubeconfig = Tokens.serviceAccountWith(cluster, ns, "roiergasias", publishedRole());
            workspace(workspace);
            List<Segment> segments = EndToEndTest.segments(WORKFLOW);
            Console console = new Console();
            TransferSpec spec = TransferSpec.of("prepare.sh, data/*.csv", null, "out/**, result.txt", null, null);
            RunReport report;
            try (ClusterLog log = new ClusterLog(cluster, ns)) {
                report = cluster.runner(kubeconfig, ns, cluster.options(), console, c -> {})
                        .files(PodTransfer.prepare(workspace, spec, console::progress))
                        .run(RunIds.create("files"), segments, new Abort());
                assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
                assertEquals(java.util.Map.of("1", "node1", "2", "node2"), log.nodeOfSegment);
            }
            assertTrue(report.segments().stream().allMatch(s -> s.status() == SegmentStatus.SUCCEEDED));
            assertTrue(console.text().contains("out/model.bin: OK"), console.text());
            assertOutputs(workspace);
            assertEquals(List.of(), cluster.leftoversAfter(ns, Duration.ofSeconds(30)));
        } finally {
            cluster.deleteNamespace(ns);
        }
    }

    @Test
    void theSameThroughRunLocal() throws Exception {
        workspace(workspace);
        TransferSpec spec = TransferSpec.of("prepare.sh, data/*.csv", null, "out/**, result.txt", null, null);
        Console console = new Console();
        try (LocalFiles files = LocalFiles.prepare(workspace, spec, console::progress)) {
            RunReport report = new LocalRunner(console, "/bin/sh", java.time.Clock.systemUTC(), null, files.workDir())
                    .afterEachSegment((s, st) -> files.collect(s.label(), st == SegmentStatus.SUCCEEDED))
                    .run(EndToEndTest.segments(WORKFLOW), new Abort());
            assertEquals(RunStatus.SUCCEEDED, report.status(), report::toString);
        }
        assertOutputs(workspace);
    }
}
