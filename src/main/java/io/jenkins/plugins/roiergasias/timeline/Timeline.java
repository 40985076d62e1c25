package io.jenkins.plugins.roiergasias.timeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.settings.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's segments on a time axis: one row per segment (label on the left, a bar from its start to
 * its end, thin marks for its steps underneath) and time ticks along the top. Coordinates are SVG
 * user units, rounded to a tenth. A pure function of the report and the current time (running
 * segments extend to {@code now}); segments that never ran have a row and no bar.
 *
 * @param width the picture's width
 * @param height the picture's height
 * @param rows one per segment, in order
 * @param ticks time marks of the axis, the first at the earliest start
 */
public record Timeline(int width, int height, List<Row> rows, List<Tick> ticks) {
    public static final int LABEL_WIDTH = 160;
    public static final int AXIS_HEIGHT = 22;
    public static final int ROW_HEIGHT = 28;
    public static final int BAR_HEIGHT = 14;
    public static final int STEP_HEIGHT = 5;
    public static final int MIN_WIDTH = 320;
    private static final int RIGHT_MARGIN = 12;
    private static final long[] STEPS_SECONDS = {
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400
    };

    /**
     * @param labelY where the row's label baseline is
     * @param status the segment's status in lower case with dashes ({@code not-run}), for styling
     * @param bar the segment's bar, null when it did not start
     * @param steps the marks of the steps that started
     */
    public record Row(double labelY, String label, String status, @CheckForNull Box bar, List<Box> steps) {
        public Row {
            steps = List.copyOf(steps);
        }
    }

    /** A rectangle with its fill colour and a tooltip. */
    public record Box(double x, double y, double width, double height, String color, String title) {}

    public record Tick(double x, String label) {}

    public Timeline {
        rows = List.copyOf(rows);
        ticks = List.copyOf(ticks);
    }

    public static Timeline of(RunReport report, Instant now, int width) {
        int w = Math.max(MIN_WIDTH, width);
        double plot = w - LABEL_WIDTH - RIGHT_MARGIN;
        Instant t0 = null;
        Instant t1 = null;
        for (SegmentReport s : report.segments()) {
            if (s.start() == null) {
                continue;
            }
            Instant end = end(s.start(), s.duration(), now);
            t0 = t0 == null || s.start().isBefore(t0) ? s.start() : t0;
            t1 = t1 == null || end.isAfter(t1) ? end : t1;
        }
        long totalMillis = t0 == null ? 1000 : Math.max(1000, Duration.between(t0, t1).toMillis());
        List<Row> rows = new ArrayList<>();
        for (SegmentReport s : report.segments()) {
            double top = AXIS_HEIGHT + s.index() * ROW_HEIGHT;
            double barY = top + (ROW_HEIGHT - BAR_HEIGHT - STEP_HEIGHT) / 2.0;
            String label = "s" + (s.index() + 1) + " " + (s.node() == null ? "any node" : s.node());
            Box bar = null;
            List<Box> steps = new ArrayList<>();
            if (s.start() != null) {
                double x = x(t0, s.start(), totalMillis, plot);
                double x2 = x(t0, end(s.start(), s.duration(), now), totalMillis, plot);
                bar = new Box(x, round(barY), Math.max(2, round(x2 - x)), BAR_HEIGHT, color(s.status()),
                        label + ": " + word(s.status()) + took(s.duration()) + (s.pod() == null ? "" : ", pod " + s.pod()));
                for (StepReport st : s.steps()) {
                    if (st.start() == null) {
                        continue;
                    }
                    double sx = x(t0, st.start(), totalMillis, plot);
                    double sx2 = x(t0, end(st.start(), st.duration(), now), totalMillis, plot);
                    steps.add(new Box(sx, round(barY + BAR_HEIGHT + 1), Math.max(1.5, round(sx2 - sx - 0.5)), STEP_HEIGHT,
                            stepColor(st.status()), "step " + (st.index() + 1) + " " + st.type().key() + ": "
                                    + st.summary() + " — " + st.status().label() + took(st.duration())));
                }
            }
            rows.add(new Row(round(barY + BAR_HEIGHT - 2), label, cssStatus(s.status()), bar, steps));
        }
        return new Timeline(w, AXIS_HEIGHT + report.segments().size() * ROW_HEIGHT + 4, rows, ticks(totalMillis, plot));
    }

    static List<Tick> ticks(long totalMillis, double plot) {
        long step = STEPS_SECONDS[STEPS_SECONDS.length - 1];
        for (long s : STEPS_SECONDS) {
            if (totalMillis / (s * 1000) <= 6) {
                step = s;
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long t = 0; t * 1000 <= totalMillis; t += step) {
            ticks.add(new Tick(round(LABEL_WIDTH + plot * t * 1000 / totalMillis), DurationText.format(Duration.ofSeconds(t))));
        }
        return ticks;
    }

    private static Instant end(Instant start, @CheckForNull Duration duration, Instant now) {
        Instant end = duration != null ? start.plus(duration) : now;
        return end.isBefore(start) ? start : end;
    }

    private static double x(Instant t0, Instant t, long totalMillis, double plot) {
        return round(LABEL_WIDTH + plot * Duration.between(t0, t).toMillis() / totalMillis);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String took(@CheckForNull Duration d) {
        return d == null ? "" : " in " + DurationText.human(d);
    }

    static String cssStatus(SegmentStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String word(SegmentStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Colours that read on light and dark themes; red and green are told apart by the tooltip too. */
    static String color(SegmentStatus status) {
        return switch (status) {
            case SUCCEEDED -> "#2e7d32";
            case FAILED -> "#c62828";
            case ERROR -> "#ef6c00";
            case ABORTED -> "#757575";
            case RUNNING -> "#1565c0";
            case NOT_RUN -> "#bdbdbd";
        };
    }

    private static String stepColor(StepStatus status) {
        return switch (status) {
            case OK -> "#66bb6a";
            case FAILED -> "#e53935";
            case NOT_RUN -> "#90a4ae";
        };
    }
}
