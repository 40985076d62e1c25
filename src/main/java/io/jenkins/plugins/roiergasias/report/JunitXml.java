package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's step results as JUnit XML, the form Jenkins' {@code junit} step and most CI tools read:
 * one {@code testsuite} per segment, one {@code testcase} per step named like the console names it
 * ({@code step 3 (execute: make test)}), a {@code failure} with the exit code and the last lines of
 * the step's output for a failed step, an {@code error} for a step an infrastructure failure or an
 * abort cut short, {@code skipped} for a step that did not run. Names depend only on the workflow,
 * so test trends and "failed since" work across builds.
 */
public final class JunitXml {
    /** ANSI colour and cursor sequences: noise in a report. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private JunitXml() {}

    /**
     * @param name the workflow's name (its file name), the first part of every class name
     * @param tails the last output lines of a step (workflow-wide index), null when none were kept
     */
    public static String write(RunReport report, String name, IntFunction<String> tails) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", clean(name));
            Counts all = new Counts();
            for (SegmentReport s : report.segments()) {
                all.add(counts(s));
            }
            x.writeAttribute("tests", Integer.toString(all.tests));
            x.writeAttribute("failures", Integer.toString(all.failures));
            x.writeAttribute("errors", Integer.toString(all.errors));
            x.writeAttribute("time", seconds(report.segments().stream()
                    .map(SegmentReport::duration)
                    .filter(d -> d != null)
                    .reduce(Duration.ZERO, Duration::plus)));
            x.writeCharacters("\n");
            for (SegmentReport s : report.segments()) {
                writeSuite(x, s, name, tails);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return out.toString();
    }

    private static void writeSuite(XMLStreamWriter x, SegmentReport s, String name, IntFunction<String> tails)
            throws XMLStreamException {
        Counts c = counts(s);
        String suite = "segment " + (s.index() + 1) + " (" + (s.node() == null ? "any node" : s.node()) + ")";
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", clean(name + " " + suite));
        x.writeAttribute("tests", Integer.toString(c.tests));
        x.writeAttribute("failures", Integer.toString(c.failures));
        x.writeAttribute("errors", Integer.toString(c.errors));
        x.writeAttribute("skipped", Integer.toString(c.skipped));
        x.writeAttribute("time", seconds(s.duration()));
        x.writeCharacters("\n");
        // Jenkins splits a class name at its last dot into package and class: the file name's dots would split it
        String classname = clean(name.replace('.', '_') + "." + suite);
        for (StepReport st : s.steps()) {
            x.writeCharacters("    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", classname);
            x.writeAttribute("name", clean("step " + (st.index() + 1) + " (" + st.type().key() + ": " + st.summary()
                    + ")"));
            x.writeAttribute("time", seconds(st.duration()));
            String tail = tails.apply(st.index());
            // Surefire's order: failure, rerunFailure, flakyFailure, skipped, error, rerunError, flakyError
            String earlier = st.status() == StepStatus.OK ? "flaky" : "rerun";
            if (st.status() == StepStatus.FAILED) {
                x.writeStartElement("failure");
                x.writeAttribute("type", "exit code " + st.exitCode());
                x.writeAttribute("message", "failed with exit code " + st.exitCode());
                x.writeCharacters(clean(tail == null ? "" : tail));
                x.writeEndElement();
            }
            for (SegmentAttempt a : s.attempts()) {
                if (a.failedStep() != null && a.failedStep() == st.index()) {
                    attempt(x, earlier + "Failure", "exit code " + a.exitCode(), "attempt " + a.number() + " of "
                            + s.attemptCount() + " failed with exit code " + a.exitCode(), a);
                }
            }
            if (st.status() == StepStatus.NOT_RUN && st.start() != null) {
                x.writeStartElement("error");
                x.writeAttribute("type", s.status().name().toLowerCase(Locale.ROOT));
                x.writeAttribute("message", clean(s.message() != null ? s.message() : "the step did not finish"));
                x.writeCharacters(clean(tail == null ? "" : tail));
                x.writeEndElement();
            } else if (st.status() == StepStatus.NOT_RUN) {
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", clean(notRun(s)));
            }
            // an attempt that no step's exit code ended (the pod was lost, evicted, ...): on the first step
            for (SegmentAttempt a : s.attempts()) {
                if (a.failedStep() == null && st == s.steps().get(0)) {
                    String status = a.status().name().toLowerCase(Locale.ROOT);
                    attempt(x, earlier + "Error", "attempt " + a.number() + " of " + s.attemptCount() + ": " + status,
                            a.message() != null ? a.message() : "attempt " + a.number() + " ended: " + status, a);
                }
            }
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    /** A rerun or flaky element for an earlier attempt; its stack trace names the attempt's Job and pod. */
    private static void attempt(XMLStreamWriter x, String element, String type, String message, SegmentAttempt a)
            throws XMLStreamException {
        x.writeStartElement(element);
        x.writeAttribute("type", clean(type));
        x.writeAttribute("message", clean(message));
        x.writeStartElement("stackTrace");
        x.writeCharacters(clean(message + (a.job() != null ? " (Job " + a.job() + (a.pod() != null ? ", pod " + a.pod()
                : "") + ")" : "")));
        x.writeEndElement();
        x.writeEndElement();
    }

    private static String notRun(SegmentReport s) {
        return switch (s.status()) {
            case NOT_RUN -> "not run: the segment did not start";
            case FAILED -> "not run: an earlier step failed";
            case SUCCEEDED, RUNNING -> "not run";
            default -> "not run: " + (s.message() == null ? s.status().name().toLowerCase(Locale.ROOT) : s.message());
        };
    }

    private static final class Counts {
        int tests;
        int failures;
        int errors;
        int skipped;

        void add(Counts o) {
            tests += o.tests;
            failures += o.failures;
            errors += o.errors;
            skipped += o.skipped;
        }
    }

    private static Counts counts(SegmentReport s) {
        Counts c = new Counts();
        for (StepReport st : s.steps()) {
            c.tests++;
            if (st.status() == StepStatus.FAILED) {
                c.failures++;
            } else if (st.status() == StepStatus.NOT_RUN && st.start() != null) {
                c.errors++;
            } else if (st.status() == StepStatus.NOT_RUN) {
                c.skipped++;
            }
        }
        return c;
    }

    /** Seconds with three decimals, as Surefire writes them. */
    private static String seconds(@CheckForNull Duration d) {
        long millis = d == null ? 0 : Math.max(0, d.toMillis());
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    /**
     * Text that XML 1.0 can carry: colour sequences removed, and every character it forbids (other
     * control characters, lone surrogates, U+FFFE/U+FFFF) replaced with U+FFFD.
     */
    static String clean(String s) {
        String t = ANSI.matcher(s).replaceAll("");
        StringBuilder b = null;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(ch) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                if (b != null) {
                    b.append(ch).append(t.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
            if (!ok && b == null) {
                b = new StringBuilder(t.length()).append(t, 0, i);
            }
            if (b != null) {
                b.append(ok ? ch : '\uFFFD');
            }
        }
        return b == null ? t : b.toString();
    }
}
