package io.jenkins.plugins.roiergasias.page;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.List;

/**
 * What a dry run would have created, for the build page: every segment, not run, with the name of
 * the Job it would have run as, and the objects' YAML as the console printed it, cut to a size that
 * a build record can keep.
 *
 * @param report the segments and steps, none run; each segment names its Job
 * @param objects the ConfigMaps and Jobs as YAML, at most {@link #MAX_OBJECTS_CHARS} characters and a note
 */
public record DryRunPlan(RunReport report, String objects) {
    /** The most characters of YAML the build page keeps; the console has all of it. */
    public static final int MAX_OBJECTS_CHARS = 256 * 1024;

    public static DryRunPlan of(String runId, List<Segment> segments, String yaml) {
        ReportBuilder plan = new ReportBuilder(segments);
        for (Segment s : segments) {
            plan.segmentPlaced(s.index(), Names.job(runId, s.index()), null);
        }
        return new DryRunPlan(plan.snapshot(RunStatus.SUCCEEDED, null), cut(yaml, MAX_OBJECTS_CHARS));
    }

    /** The text, or its whole lines up to {@code max} characters and a line that says it was cut. */
    static String cut(String yaml, int max) {
        if (yaml.length() <= max) {
            return yaml;
        }
        int end = yaml.lastIndexOf('\n', max - 1);
        if (end < 0) {
            end = Character.isHighSurrogate(yaml.charAt(max - 1)) ? max - 1 : max;
        } else {
            end++;
        }
        return yaml.substring(0, end) + (end > 0 && yaml.charAt(end - 1) != '\n' ? "\n" : "")
                + "# cut after " + end + " of " + yaml.length() + " characters: the console shows every object\n";
    }
}
