package io.jenkins.plugins.roiergasias.kubernetes;

import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps what a user would see: output lines per segment, progress lines, step results. */
final class Recorder implements RunListener {
    final List<String> output = new CopyOnWriteArrayList<>();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<StepReport> steps = new CopyOnWriteArrayList<>();
    final List<SegmentReport> segments = new CopyOnWriteArrayList<>();
    final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
    private final StringBuilder open = new StringBuilder();

    @Override
    public synchronized void output(Segment segment, String text, boolean newline) {
        open.append(text);
        if (newline) {
            output.add("[" + (segment.index() + 1) + "] " + open);
            open.setLength(0);
        }
    }

    @Override
    public void progress(String message) {
        if (Boolean.getBoolean("roiergasias.test.verbose")) {
            System.err.println(java.time.LocalTime.now() + " " + message);
        }
        progress.add(message);
    }

    @Override
    public void stepFinished(Segment segment, StepReport step) {
        steps.add(step);
    }

    @Override
    public void segmentFinished(Segment segment, SegmentReport report) {
        segments.add(report);
    }

    /** Output lines without the segment prefix. */
    List<String> lines() {
        return output.stream().map(l -> l.substring(l.indexOf("] ") + 2)).toList();
    }

    boolean saw(String progressPart) {
        return progress.stream().anyMatch(p -> p.contains(progressPart));
    }

    @Override
    public String toString() {
        return "output=" + output + "\nprogress=" + progress;
    }
}
