package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.SegmentTooLargeException;
import io.jenkins.plugins.roiergasias.segment.SegmentYaml;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.Severity;
import io.jenkins.plugins.roiergasias.workflow.Task;
import java.util.List;

/**
 * Whether the ConfigMap of each segment, its YAML and its program, fits the 1 MiB Kubernetes
 * allows. {@link io.jenkins.plugins.roiergasias.segment.Segmenter} limits the text of a segment,
 * but quoting makes a program larger than that text: a {@code '} of a command becomes four
 * characters, a {@code "}, {@code \}, {@code $} or backquote of a print item or value two. Checked
 * for every segment before the first one runs, so a run never stops at a segment it cannot send.
 */
public final class ProgramSize {
    /** The most the values of a ConfigMap may hold together (the API server's limit). */
    public static final long MAX_CONFIG_MAP_BYTES = 1024 * 1024;

    private ProgramSize() {}

    /**
     * @param source the workflow file, for the message
     * @throws SegmentTooLargeException at the first task of the first segment that does not fit
     * @throws UnsupportedCommandException at the step of the first command whose templates cannot be
     *     quoted with certainty
     */
    public static void check(String source, List<Segment> segments) {
        for (Segment s : segments) {
            String text;
            try {
                text = ProgramGenerator.generate(s);
            } catch (ProgramGenerator.Refused e) {
                throw refused(source, s, e);
            }
            long program = utf8(text);
            long yaml = utf8(SegmentYaml.write(s));
            if (program + yaml > MAX_CONFIG_MAP_BYTES) {
                throw SegmentTooLargeException.at(source, s.tasks().get(0), "segment " + (s.index() + 1) + "/"
                        + s.count() + ", which starts with this task, becomes a program of " + program + " bytes and a"
                        + " segment YAML of " + yaml + " bytes, more than the " + MAX_CONFIG_MAP_BYTES + " bytes (1 MiB) a"
                        + " ConfigMap holds: the program quotes every ' of a command as four characters and escapes"
                        + " every \", \\, $ and ` of a print item or value; pass large data in files, not in the"
                        + " workflow");
            }
        }
    }

    private static UnsupportedCommandException refused(String source, Segment s, ProgramGenerator.Refused e) {
        int step = s.firstStep();
        for (Task task : s.tasks()) {
            for (int i = 0; i < task.steps().size(); i++, step++) {
                if (step == e.step) {
                    return new UnsupportedCommandException(new Diagnostic(Severity.ERROR, source,
                            task.steps().get(i).position(), "task[" + task.index() + "].sequential[" + i + "].execute["
                                    + e.command + "]", e.getMessage()));
                }
            }
        }
        throw new IllegalStateException("step " + e.step + " is not in " + s.label(), e);
    }

    /** The length of the text in UTF-8, without encoding it. */
    static long utf8(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
