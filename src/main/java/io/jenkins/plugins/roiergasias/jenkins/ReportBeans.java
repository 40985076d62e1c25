package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.SegmentAttempt;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.settings.DurationText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The engine's report records as beans for the REST API and the Jelly views (which read getters).
 * Times are ISO-8601 text, durations milliseconds, statuses lower case as in the report's JSON.
 */
public final class ReportBeans {
    private ReportBeans() {}

    @ExportedBean(defaultVisibility = 3)
    public static final class Segment {
        private final SegmentReport s;

        Segment(SegmentReport s) {
            this.s = s;
        }

        /** 1-based, as people count. */
        @Exported
        public int getNumber() {
            return s.index() + 1;
        }

        @Exported
        @CheckForNull
        public String getNode() {
            return s.node();
        }

        @Exported
        @CheckForNull
        public String getJob() {
            return s.job();
        }

        @Exported
        @CheckForNull
        public String getPod() {
            return s.pod();
        }

        @Exported
        public String getStatus() {
            return s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        @Exported
        @CheckForNull
        public String getStart() {
            return s.start() == null ? null : s.start().toString();
        }

        @Exported
        @CheckForNull
        public Long getDurationMillis() {
            return s.duration() == null ? null : s.duration().toMillis();
        }

        /** For people: {@code 12.3 s}; empty when unknown. */
        public String getDuration() {
            return s.duration() == null ? "" : DurationText.human(s.duration());
        }

        @Exported
        @CheckForNull
        public String getMessage() {
            return s.message();
        }

        /** How many times the segment ran: 0 when not run, more than 1 when it was retried. */
        @Exported
        public int getAttemptCount() {
            return s.attemptCount();
        }

        /** The earlier, failed attempts of a retried segment; this bean's own fields are the last one's. */
        @Exported(inline = true)
        public List<Attempt> getAttempts() {
            List<Attempt> list = new ArrayList<>();
            for (SegmentAttempt a : s.attempts()) {
                list.add(new Attempt(a));
            }
            return list;
        }

        @Exported(inline = true)
        public List<Step> getSteps() {
            List<Step> list = new ArrayList<>();
            for (StepReport st : s.steps()) {
                list.add(new Step(st));
            }
            return list;
        }
    }

    @ExportedBean(defaultVisibility = 4)
    public static final class Attempt {
        private final SegmentAttempt a;

        Attempt(SegmentAttempt a) {
            this.a = a;
        }

        @Exported
        public int getNumber() {
            return a.number();
        }

        @Exported
        @CheckForNull
        public String getJob() {
            return a.job();
        }

        @Exported
        @CheckForNull
        public String getPod() {
            return a.pod();
        }

        @Exported
        public String getStatus() {
            return a.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        @Exported
        @CheckForNull
        public String getMessage() {
            return a.message();
        }

        @Exported
        @CheckForNull
        public Long getDurationMillis() {
            return a.duration() == null ? null : a.duration().toMillis();
        }

        public String getDuration() {
            return a.duration() == null ? "" : DurationText.human(a.duration());
        }
    }

    @ExportedBean(defaultVisibility = 4)
    public static final class Step {
        private final StepReport s;

        Step(StepReport s) {
            this.s = s;
        }

        @Exported
        public int getNumber() {
            return s.index() + 1;
        }

        @Exported
        public String getType() {
            return s.type().key();
        }

        /** The first words of the step. */
        @Exported
        public String getSummary() {
            return s.summary();
        }

        @Exported
        public String getStatus() {
            return s.status().label();
        }

        @Exported
        @CheckForNull
        public Integer getExitCode() {
            return s.exitCode();
        }

        @Exported
        @CheckForNull
        public Long getDurationMillis() {
            return s.duration() == null ? null : s.duration().toMillis();
        }

        public String getDuration() {
            return s.duration() == null ? "" : DurationText.human(s.duration());
        }
    }
}
