package io.jenkins.plugins.roiergasias.kubernetes.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the log reader delivers of a body the kubelet writes itself. */
class LogReaderTest {
    private static List<String> read(String body) {
        List<String> out = new ArrayList<>();
        LogReader r = new LogReader(new LogPosition(), (ts, text, newline) -> out.add(text + (newline ? "\n" : "")),
                () -> {});
        r.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        r.deliverFragment();
        return out;
    }

    @Test
    void theKubeletsAnswerForARemovedContainerIsNotWorkflowOutput() {
        // seen on the real cluster after a running pod was deleted: no line end, no timestamp
        assertEquals(List.of(), read("unable to retrieve container logs for containerd://b83c9760cf2e14ec3c5e7bbad4609"
                + "3cb38a684ea3f48b13e9504cfb8c7d2ba18"));
        assertEquals(List.of("unable to retrieve container logs for containerd://abc\n"),
                read("2026-12-01T15:52:09.161673614Z unable to retrieve container logs for containerd://abc\n"),
                "the same words printed by the workflow have a timestamp and are output");
        assertEquals(List.of(), read("no timestamp here\n"), "asked with timestamps, only the kubelet writes without");
    }
}
