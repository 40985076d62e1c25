package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.LocalPodExec;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodExec;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and outputs through pods/exec, against the mock API server and the fake kubelet. */
@Timeout(90)
class FilesTransferTest {
    private FakeCluster cluster;
    private final Recorder recorder = new Recorder();
    private LocalPodExec exec;

    @TempDir
    Path workspace;

    static final List<Segment> TWO_NODES = Workflows.split("""
            version: 0.1
            task:
              - node: node1
                sequential:
                  - execute:
                      - "./prepare.sh"
              - node: node2
                sequential:
                  - execute:
                      - "cksum < out/model.bin > check2.txt && cmp out/model.cksum check2.txt"
                      - "echo verified > result.txt"
            """);

    @BeforeEach
    void start() throws Exception {
        cluster = new FakeCluster();
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/rows ü.csv"), "1,2\n3,4\n");
        Path script = Files.writeString(workspace.resolve("prepare.sh"), "#!/bin/sh\nmkdir -p out\n"
                + "head -c 3000000 /dev/urandom > out/model.bin\ncksum < out/model.bin > out/model.cksum\n"
                + "cat 'data/rows ü.csv' > out/rows.csv\nln -s /etc/passwd out/link\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private RunReport run(List<Segment> segments, String inputs, String outputs) throws Exception {
        TransferSpec spec = TransferSpec.of(inputs, null, outputs, "/workspace", null);
        PodTransfer files = PodTransfer.prepare(workspace, spec, recorder::progress);
        exec = new LocalPodExec(cluster.kubelet::workDir, spec.workDir());
        files.with((client, ns) -> exec, Duration.ofSeconds(20));
        return run(segments, files);
    }

    /**
     * The inputs {@code prepare.sh} and the data, {@code out/**} back; commands in pods run here
     * ({@link #exec}), through what {@code wrap} makes of that.
     */
    private PodTransfer segmentOneFiles(java.util.function.UnaryOperator<PodExec> wrap, Duration wait)
            throws Exception {
        TransferSpec spec = TransferSpec.of("prepare.sh, data/*.csv", null, "out/**", "/workspace", null);
        PodTransfer files = PodTransfer.prepare(workspace, spec, recorder::progress);
        exec = new LocalPodExec(cluster.kubelet::workDir, spec.workDir());
        PodExec pods = wrap.apply(exec);
        return files.with((client, ns) -> pods, wait);
    }

    private RunReport run(List<Segment> segments, PodTransfer files) {
        return new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                .files(files)
                .run("f-abcdefgh", segments, new Abort());
    }

    @Test
    void inputsReachThePodAndOutputsComeBackAndReachTheNextNode() throws Exception {
        RunReport report = run(TWO_NODES, "prepare.sh, data/*.csv", "out/**, result.txt, reports/*.xml");
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(3_000_000, Files.size(workspace.resolve("out/model.bin")));
        assertEquals("1,2\n3,4\n", Files.readString(workspace.resolve("out/rows.csv")));
        assertEquals("verified\n", Files.readString(workspace.resolve("result.txt")));
        assertFalse(Files.exists(workspace.resolve("out/link"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "a symlink from the pod does not come back");
        assertTrue(recorder.saw("segment 1/2 (node1): outputs: left out out/link: a symlink"), recorder::toString);
        assertTrue(recorder.saw("segment 1/2 (node1): outputs: 3 files back in the workspace"), recorder::toString);
        assertTrue(recorder.saw("segment 2/2 (node2): inputs: 5 files"), "earlier outputs go on: " + recorder);
        assertTrue(recorder.saw("segment 2/2 (node2): outputs: 1 files back"), "unchanged files stay: " + recorder);
        assertTrue(recorder.saw("warning: segment 1/2 (node1) wrote no file that the outputs glob"
                + " \"reports/*.xml\" asks for"), recorder::toString);
        for (String label : List.of("segment 1/2 (node1): ", "segment 2/2 (node2): ")) {
            assertFalse(recorder.saw(label + label), "the label once per line: " + recorder);
        }
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        assertTrue(Files.isDirectory(workspace.resolve("out")));
        try (Stream<Path> s = Files.walk(workspace)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".roiergasias-part")), "no partial file");
        }
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        RunReport r = run(TWO_NODES, "prepare.sh, data/*.csv", "out/**, result.txt");
        assertEquals(RunStatus.SUCCEEDED, r.status(), recorder::toString);
        Files.delete(workspace.resolve("out/model.bin"));
        cluster.close();
        cluster = new FakeCluster();
        PodTransfer files = segmentOneFiles(local -> local, Duration.ofSeconds(20));
        exec.cut = c -> c.get(2).contains("tar -cf");
        exec.drops.set(1);
        RunReport report = run(TWO_NODES.subList(0, 1), files);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertTrue(recorder.saw("could not read the outputs back (pod "), recorder::toString);
        assertTrue(recorder.saw("try 2 of 3"), recorder::toString);
        assertEquals(3_000_000, Files.size(workspace.resolve("out/model.bin")));
    }

    /**
     * The exec client sometimes handles the WebSocket's close before the exit status and reports no
     * exit code (fabric8 7.3: -1). An upload whose effect is there (the inputs marker) is a success;
     * one whose effect is not is tried again, like a dropped connection.
     */
    @Test
    void anUploadWithoutAnExitCodeIsJudgedByItsEffect() throws Exception {
        java.util.concurrent.atomic.AtomicInteger unknown = new java.util.concurrent.atomic.AtomicInteger();
        PodTransfer files = segmentOneFiles(local -> (pod, command, stdin, stdout) -> {
            PodExec.Result r = local.exec(pod, command, stdin, stdout);
            boolean upload = command.get(2).contains("tar -xf");
            return upload && unknown.getAndIncrement() == 0 ? new PodExec.Result(PodExec.NO_EXIT_CODE, "") : r;
        }, Duration.ofSeconds(20));
        RunReport report = run(TWO_NODES.subList(0, 1), files);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(1, unknown.get(), "one upload: the inputs had arrived");
        assertEquals(3_000_000, Files.size(workspace.resolve("out/model.bin")));
    }

    @Test
    void anUploadWithoutAnExitCodeAndWithoutEffectIsTriedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
        PodTransfer files = segmentOneFiles(local -> (pod, command, stdin, stdout) -> {
            if (command.get(2).contains("tar -xf") && uploads.getAndIncrement() == 0) {
                return new PodExec.Result(PodExec.NO_EXIT_CODE, ""); // nothing ran
            }
            return local.exec(pod, command, stdin, stdout);
        }, Duration.ofSeconds(20));
        RunReport report = run(TWO_NODES.subList(0, 1), files);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(2, uploads.get());
        assertTrue(recorder.saw("try 2 of 3"), recorder::toString);
    }

    /**
     * Anything unexpected while the outputs come back (here a RuntimeException in the reader, as a
     * file name this JVM cannot encode gives) fails the segment at once, with the reason; the pod
     * is not left waiting for its outputs to be taken.
     */
    @Test
    void anUnexpectedErrorWhileCopyingFailsTheSegmentAtOnce() throws Exception {
        PodTransfer files = segmentOneFiles(local -> (pod, command, stdin, stdout) -> {
            if (command.get(2).contains("tar -cf")) {
                return local.exec(pod, command, stdin, in -> {
                    throw new java.nio.file.InvalidPathException("out/\uFFFD.txt", "Malformed input");
                });
            }
            return local.exec(pod, command, stdin, stdout);
        }, Duration.ofSeconds(60));
        long start = System.nanoTime();
        RunReport report = run(TWO_NODES.subList(0, 1), files);
        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertTrue(report.message().contains("segment 1/2 (node1): copying files failed: ")
                && report.message().contains("Malformed input"), report.message());
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(45),
                "the segment ended before the pod's 60 s wait for its outputs");
        FakeCluster.await("no objects left", Duration.ofSeconds(15), () -> cluster.objects().isEmpty());
    }

    @Test
    void aConnectionThatKeepsDroppingFailsTheSegmentAndLeavesNoPartialFile() throws Exception {
        PodTransfer files = segmentOneFiles(local -> local, Duration.ofSeconds(5));
        exec.cut = c -> c.get(2).contains("tar -cf");
        exec.drops.set(10);
        RunReport report = run(TWO_NODES.subList(0, 1), files);
        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertTrue(report.message().contains("could not read the outputs back (pod f-abcdefgh-s1-")
                && report.message().contains("after 3 tries"), report.message());
        assertFalse(Files.exists(workspace.resolve("out/model.bin")));
        try (Stream<Path> s = Files.walk(workspace)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("roiergasias-part")), "no partial file");
        }
        FakeCluster.await("no objects left", Duration.ofSeconds(15), () -> cluster.objects().isEmpty());
    }

    @Test
    void anImageWithoutTarFailsTheSegmentNamingTheImageAndTheToolBeforeAnyStep() throws Exception {
        cluster.kubelet.environment = java.util.Map.of("PATH", "/nonexistent");
        RunReport report = run(TWO_NODES, "prepare.sh", "out/**");
        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertTrue(report.message().contains("the image \"busybox:1.36\" has no tar, which copying files in and out"),
                report.message());
        assertTrue(recorder.output.stream().noneMatch(l -> l.contains("prepare")), recorder::toString);
    }

    @Test
    void anInputsGlobThatMatchesNothingFailsBeforeAnyRequest() {
        TransferSpec spec = TransferSpec.of("models/*.bin", null, null, "/workspace", null);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> PodTransfer.prepare(workspace, spec, m -> {}));
        assertTrue(e.getMessage().contains("\"models/*.bin\" matches no file"), e.getMessage());
        assertEquals(List.of(), cluster.runnerRequests());
    }

    @Test
    void aCredentialWithoutPodsExecFailsBeforeAnythingIsCreatedOnlyWhenFilesMove() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        cluster.override = r -> {
            if (!r.getPath().contains("selfsubjectaccessreviews")) {
                return null;
            }
            SelfSubjectAccessReview review = Serialization.unmarshal(r.getUtf8Body(), SelfSubjectAccessReview.class);
            var a = review.getSpec().getResourceAttributes();
            asked.add(a.getVerb() + " " + a.getResource() + (a.getSubresource() == null ? "" : "/" + a.getSubresource()));
            boolean allowed = !"exec".equals(a.getSubresource());
            review.setStatus(new SubjectAccessReviewStatus(allowed, false, null, null));
            return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
        };
        RunReport report = run(TWO_NODES, "prepare.sh", "out/**");
        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().startsWith("nothing was created: forbidden:")
                && report.message().contains("may not create pods/exec"), report.message());
        assertEquals(0, cluster.runnerRequests("POST", "/configmaps"));

        assertTrue(asked.contains("create pods/exec"), asked::toString);
        assertTrue(report.message().contains("inputs or outputs"), report.message());

        asked.clear();
        RunReport plain = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                .run("f-plainrun", Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [hi]\n"),
                        new Abort());
        assertEquals(RunStatus.SUCCEEDED, plain.status(), plain::toString);
        assertEquals(List.of("delete jobs", "delete configmaps", "get pods/log"), asked,
                "a run without files asks only for today's Role");
    }

    @Test
    void eachSegmentsOutputsAreHandedOnOnceInTheWorkspaceBeforeTheNextSegment() throws Exception {
        TransferSpec spec = TransferSpec.of("prepare.sh, data/*.csv", null, "out/**, result.txt", "/workspace", null);
        PodTransfer files = PodTransfer.prepare(workspace, spec, recorder::progress);
        exec = new LocalPodExec(cluster.kubelet::workDir, spec.workDir());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        files.with((client, ns) -> exec, Duration.ofSeconds(20)).afterOutputs((segment, names) -> {
            for (String n : names) {
                assertTrue(Files.isRegularFile(workspace.resolve(n)), n + " is in the workspace when handed on");
            }
            seen.add(segment.label() + " " + names + " jobs=" + cluster.runnerRequests("POST", "/jobs"));
        });
        RunReport report = run(TWO_NODES, files);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(2, seen.size(), seen::toString);
        assertTrue(seen.get(0).startsWith("segment 1/2 (node1) [out/model.bin, out/model.cksum, out/rows.csv]")
                && seen.get(0).endsWith("jobs=1"), "segment 1's outputs are handed on before segment 2 starts: " + seen);
        assertTrue(seen.get(1).startsWith("segment 2/2 (node2) [result.txt]"), seen::toString);
    }

    @Test
    void aFailureToHandTheOutputsOnFailsTheSegmentWithTheReason() throws Exception {
        PodTransfer files = segmentOneFiles(local -> local, Duration.ofSeconds(20));
        files.afterOutputs((segment, names) -> {
            throw new java.io.IOException("the agent went offline");
        });
        RunReport report = run(TWO_NODES, files);
        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertTrue(report.message().contains("segment 1/2 (node1): the outputs could not be copied into the workspace:"
                + " the agent went offline"), report.message());
        FakeCluster.await("no objects left", Duration.ofSeconds(15), () -> cluster.objects().isEmpty());
    }

    @Test
    void outputsCarriedFromBeforeARestartReachTheLaterSegments() throws Exception {
        RunReport first = run(TWO_NODES.subList(0, 1), "prepare.sh, data/*.csv", "out/**");
        assertEquals(RunStatus.SUCCEEDED, first.status(), recorder::toString);
        // a new runner (as after a restart) knows only the names it kept
        TransferSpec spec = TransferSpec.of("prepare.sh", null, "out/**, result.txt", "/workspace", null);
        PodTransfer files = PodTransfer.prepare(workspace, spec, recorder::progress)
                .carry(List.of("out/model.bin", "out/model.cksum"));
        exec = new LocalPodExec(cluster.kubelet::workDir, spec.workDir());
        files.with((client, ns) -> exec, Duration.ofSeconds(20));
        RunReport report = run(Workflows.split("""
                version: 0.1
                task:
                  - node: node2
                    sequential:
                      - execute:
                          - "cksum < out/model.bin > check2.txt && cmp out/model.cksum check2.txt"
                          - "echo verified > result.txt"
                """), files);
        assertEquals(RunStatus.SUCCEEDED, report.status(), "segment 2 verified segment 1's file: " + recorder);
        assertEquals("verified\n", Files.readString(workspace.resolve("result.txt")));
        assertThrows(java.io.IOException.class, () -> files.carry(List.of("../outside")));
    }

    @Test
    void aCarriedNameWhosePathPassesThroughASymlinkIsNotSent(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(workspace.resolve("linked"), outside);
        assertEquals(null, io.jenkins.plugins.roiergasias.transfer.InputFiles.plain(workspace, "linked/secret.txt"));
        Files.createDirectories(workspace.resolve("real"));
        Files.writeString(workspace.resolve("real/a.txt"), "a");
        assertEquals(1, io.jenkins.plugins.roiergasias.transfer.InputFiles.plain(workspace, "real/a.txt").size());
    }

    @Test
    void emptyFilesExecutableBitsAndANameWithALineBreakArrive() throws Exception {
        Files.writeString(workspace.resolve("empty.txt"), "");
        List<Segment> empty = Workflows.split("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "test -f empty.txt && ! test -s empty.txt && test -x prepare.sh"
                """);
        RunReport report = run(empty, "empty.txt, prepare.sh", null);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);

        Files.writeString(workspace.resolve("odd\nname.txt"), "odd");
        List<Segment> odd = Workflows.split("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "test -f empty.txt && grep -qx odd odd*name.txt"
                """);
        report = run(odd, "empty.txt, odd*", null);
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
    }
}
