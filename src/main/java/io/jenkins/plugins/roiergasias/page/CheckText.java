package io.jenkins.plugins.roiergasias.page;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.settings.DurationText;
import java.util.Locale;

/**
 * A workflow run as one check of the Checks API (the Checks tab of a pull request): its name, state,
 * conclusion and a per-segment summary in Markdown. Every text that comes from the workflow or the
 * cluster (node, Job, step, message) is escaped, so a workflow cannot put links, images or HTML
 * into the check.
 *
 * @param name the check's name, the same for a run's start and end so that the end replaces the start
 * @param completed false while the run goes on
 * @param conclusion how the run ended; {@link Conclusion#NONE} while it goes on
 * @param title one line: the segment counts, or why the run failed
 * @param summary the segment table in Markdown
 */
public record CheckText(String name, boolean completed, Conclusion conclusion, String title, String summary) {
    /** Named as the Checks API's {@code ChecksConclusion} values it stands for. */
    public enum Conclusion {
        NONE,
        SUCCESS,
        FAILURE,
        CANCELED
    }

    /**
     * @param urlName the build page action's URL name: {@code roiergasias}, {@code roiergasias-2}, …
     * @param source the workflow file, or {@code text}
     * @param running whether the run goes on (the report is then a snapshot)
     */
    public static CheckText of(String urlName, String source, RunReport report, boolean running) {
        String name = urlName.equals("roiergasias") ? "roiergasias" : urlName + ": " + source;
        String failure = running ? null : RunMessages.failure(report);
        String title = failure != null ? failure : (running ? "running: " : "") + RunMessages.summary(report);
        return new CheckText(name, !running, running ? Conclusion.NONE : conclusion(report), oneLine(title),
                summary(source, report));
    }

    private static Conclusion conclusion(RunReport report) {
        return switch (report.status()) {
            case SUCCEEDED -> Conclusion.SUCCESS;
            case ABORTED -> Conclusion.CANCELED;
            case FAILED, ERROR -> Conclusion.FAILURE;
        };
    }

    private static String summary(String source, RunReport report) {
        StringBuilder b = new StringBuilder()
                .append("Workflow ").append(markdown(source)).append("\n\n")
                .append("| Segment | Node | Job | Status | Duration | Failed step |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (SegmentReport s : report.segments()) {
            StepReport failed = s.failedStep();
            b.append("| ").append(s.index() + 1)
                    .append(" | ").append(markdown(s.node() == null ? "any node" : s.node()))
                    .append(" | ").append(markdown(s.job() == null ? "" : s.job()))
                    .append(" | ").append(s.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(s.message() == null ? "" : ": " + markdown(s.message()))
                    .append(" | ").append(s.duration() == null ? "" : DurationText.human(s.duration()))
                    .append(" | ").append(failed == null ? "" : "step " + (failed.index() + 1) + ", "
                            + failed.type().key() + ": " + markdown(failed.summary()) + ", exit code "
                            + failed.exitCode())
                    .append(" |\n");
        }
        return b.toString();
    }

    /**
     * Text as Markdown shows it literally, on one line: HTML and entities neutralised, every
     * character that could start a link, image, emphasis, code or table cell escaped.
     */
    static String markdown(@CheckForNull String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\r', '\n', '\t' -> b.append(' ');
                case '\\', '`', '*', '_', '[', ']', '(', ')', '!', '|', '#', '~', '{', '}', ':' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
