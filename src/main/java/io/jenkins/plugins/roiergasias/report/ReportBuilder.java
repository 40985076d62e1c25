package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report of a run while it happens. Runners feed it segment and step events; {@link #snapshot}
 * gives an immutable {@link RunReport} at any time (the Jenkins build page shows it live). Updates
 * are O(1), so long workflows cost nothing extra. Thread-safe.
 */
public final class ReportBuilder {
    private final SegmentState[] segments;

    private static final class SegmentState {
        SegmentReport head;
        final int firstStep;
        final StepReport[] steps;
        final List<SegmentAttempt> attempts;

        SegmentState(SegmentReport head, int firstStep) {
            this.head = head;
            this.firstStep = firstStep;
            this.steps = head.steps().toArray(new StepReport[0]);
            this.attempts = new ArrayList<>(head.attempts());
        }

        SegmentReport toReport() {
            return new SegmentReport(
                    head.index(), head.node(), head.job(), head.pod(), head.status(), head.start(), head.duration(),
                    head.message(), Arrays.asList(steps), attempts);
        }
    }

    public ReportBuilder(List<Segment> plan) {
        segments = new SegmentState[plan.size()];
        for (Segment seg : plan) {
            List<StepReport> steps = new ArrayList<>();
            int index = seg.firstStep();
            for (Task task : seg.tasks()) {
                for (Step step : task.steps()) {
                    steps.add(new StepReport(
                            index++, task.index(), step.type(), step.summary(), StepStatus.NOT_RUN, null, null, null));
                }
            }
            segments[seg.index()] = new SegmentState(
                    new SegmentReport(seg.index(), seg.node(), null, null, SegmentStatus.NOT_RUN, null, null, null,
                            steps),
                    seg.firstStep());
        }
    }

    /** Continues from an earlier snapshot, e.g. after a Jenkins restart. */
    public ReportBuilder(RunReport earlier) {
        segments = new SegmentState[earlier.segments().size()];
        for (SegmentReport s : earlier.segments()) {
            int first = s.steps().isEmpty() ? 0 : s.steps().get(0).index();
            segments[s.index()] = new SegmentState(s, first);
        }
    }

    public synchronized void segmentStarted(int segment, Instant at) {
        SegmentReport s = segments[segment].head;
        segments[segment].head = new SegmentReport(
                s.index(), s.node(), s.job(), s.pod(), SegmentStatus.RUNNING, at, null, null, List.of());
    }

    /**
     * Ends the segment's current attempt, which failed, and starts the next: the attempt is kept
     * (Job, pod, status, message, failed step), the steps are not run again yet, Job and pod unknown.
     */
    public synchronized void segmentRetrying(int segment, Instant at) {
        SegmentState st = segments[segment];
        SegmentReport s = st.head;
        StepReport failed = null;
        for (int i = 0; i < st.steps.length; i++) {
            if (failed == null && st.steps[i].status() == StepStatus.FAILED) {
                failed = st.steps[i];
            }
            StepReport r = st.steps[i];
            st.steps[i] = new StepReport(r.index(), r.task(), r.type(), r.summary(), StepStatus.NOT_RUN, null, null,
                    null);
        }
        st.attempts.add(new SegmentAttempt(st.attempts.size() + 1, s.job(), s.pod(), s.status(), s.start(),
                s.duration(), s.message(), failed == null ? null : failed.index(),
                failed == null ? null : failed.exitCode()));
        st.head = new SegmentReport(
                s.index(), s.node(), null, null, SegmentStatus.RUNNING, at, null, null, List.of());
    }

    /** The 1-based number of the segment's current attempt. */
    public synchronized int attempt(int segment) {
        return segments[segment].attempts.size() + 1;
    }

    /** Records where the segment runs, as soon as it is known; null keeps the earlier value. */
    public synchronized void segmentPlaced(int segment, @CheckForNull String job, @CheckForNull String pod) {
        SegmentReport s = segments[segment].head;
        segments[segment].head = new SegmentReport(
                s.index(),
                s.node(),
                job != null ? job : s.job(),
                pod != null ? pod : s.pod(),
                s.status(),
                s.start(),
                s.duration(),
                s.message(),
                List.of());
    }

    public synchronized void segmentFinished(
            int segment, SegmentStatus status, @CheckForNull String message, Instant at) {
        SegmentReport s = segments[segment].head;
        Duration d = s.start() == null ? null : Duration.between(s.start(), at);
        segments[segment].head = new SegmentReport(
                s.index(), s.node(), s.job(), s.pod(), status, s.start(), d, message, List.of());
    }

    /** @param step the workflow-wide step index */
    public synchronized void stepStarted(int segment, int step, Instant at) {
        StepReport[] steps = segments[segment].steps;
        int i = offset(segment, step);
        steps[i] = steps[i].started(at);
    }

    /** @param step the workflow-wide step index */
    public synchronized void stepFinished(int segment, int step, int exitCode, @CheckForNull Instant at) {
        StepReport[] steps = segments[segment].steps;
        int i = offset(segment, step);
        steps[i] = steps[i].finish(exitCode == 0 ? StepStatus.OK : StepStatus.FAILED, exitCode, at);
    }

    private int offset(int segment, int step) {
        int i = step - segments[segment].firstStep;
        if (i < 0 || i >= segments[segment].steps.length) {
            throw new IllegalArgumentException("step " + step + " is not in segment " + segment);
        }
        return i;
    }

    /** One step's current report, in O(1). @param step the workflow-wide step index */
    public synchronized StepReport step(int segment, int step) {
        return segments[segment].steps[offset(segment, step)];
    }

    public synchronized SegmentReport segment(int segment) {
        return segments[segment].toReport();
    }

    public synchronized RunReport snapshot(RunStatus status, @CheckForNull String message) {
        List<SegmentReport> list = new ArrayList<>(segments.length);
        for (SegmentState s : segments) {
            list.add(s.toReport());
        }
        return new RunReport(status, message, list);
    }
}
