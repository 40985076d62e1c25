package io.jenkins.plugins.roiergasias.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON form of a {@link RunReport}: field names as in the records, enums in lower case, instants as
 * ISO-8601 text and durations in milliseconds. Written by hand on Jackson's streaming API so that
 * the form does not depend on how an ObjectMapper happens to be configured.
 */
final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {}

    static String write(RunReport report) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", lower(report.status()));
            g.writeStringField("message", report.message());
            g.writeArrayFieldStart("segments");
            for (SegmentReport s : report.segments()) {
                writeSegment(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeSegment(JsonGenerator g, SegmentReport s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", s.index());
        g.writeStringField("node", s.node());
        g.writeStringField("job", s.job());
        g.writeStringField("pod", s.pod());
        g.writeStringField("status", lower(s.status()));
        g.writeStringField("start", s.start() == null ? null : s.start().toString());
        writeMillis(g, "durationMillis", s.duration());
        g.writeStringField("message", s.message());
        g.writeArrayFieldStart("steps");
        for (StepReport st : s.steps()) {
            g.writeStartObject();
            g.writeNumberField("index", st.index());
            g.writeNumberField("task", st.task());
            g.writeStringField("type", lower(st.type()));
            g.writeStringField("summary", st.summary());
            g.writeStringField("status", lower(st.status()));
            if (st.exitCode() == null) {
                g.writeNullField("exitCode");
            } else {
                g.writeNumberField("exitCode", st.exitCode());
            }
            g.writeStringField("start", st.start() == null ? null : st.start().toString());
            writeMillis(g, "durationMillis", st.duration());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!s.attempts().isEmpty()) { // only retried segments have the field: other reports stay as they were
            g.writeArrayFieldStart("attempts");
            for (SegmentAttempt a : s.attempts()) {
                g.writeStartObject();
                g.writeNumberField("number", a.number());
                g.writeStringField("job", a.job());
                g.writeStringField("pod", a.pod());
                g.writeStringField("status", lower(a.status()));
                g.writeStringField("start", a.start() == null ? null : a.start().toString());
                writeMillis(g, "durationMillis", a.duration());
                g.writeStringField("message", a.message());
                writeInteger(g, "failedStep", a.failedStep());
                writeInteger(g, "exitCode", a.exitCode());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeInteger(JsonGenerator g, String field, @CheckForNull Integer n) throws IOException {
        if (n == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, n);
        }
    }

    private static void writeMillis(JsonGenerator g, String field, @CheckForNull Duration d) throws IOException {
        if (d == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, d.toMillis());
        }
    }

    static RunReport read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<SegmentReport> segments = new ArrayList<>();
            for (JsonNode s : root.path("segments")) {
                List<StepReport> steps = new ArrayList<>();
                for (JsonNode st : s.path("steps")) {
                    steps.add(new StepReport(
                            st.path("index").asInt(),
                            st.path("task").asInt(),
                            upper(StepType.class, st.path("type").asText()),
                            st.path("summary").asText(""),
                            upper(StepStatus.class, st.path("status").asText()),
                            st.path("exitCode").isNumber() ? st.path("exitCode").asInt() : null,
                            instant(st.path("start")),
                            millis(st.path("durationMillis"))));
                }
                List<SegmentAttempt> attempts = new ArrayList<>();
                for (JsonNode a : s.path("attempts")) {
                    attempts.add(new SegmentAttempt(
                            a.path("number").asInt(),
                            text(a.path("job")),
                            text(a.path("pod")),
                            upper(SegmentStatus.class, a.path("status").asText()),
                            instant(a.path("start")),
                            millis(a.path("durationMillis")),
                            text(a.path("message")),
                            a.path("failedStep").isNumber() ? a.path("failedStep").asInt() : null,
                            a.path("exitCode").isNumber() ? a.path("exitCode").asInt() : null));
                }
                segments.add(new SegmentReport(
                        s.path("index").asInt(),
                        text(s.path("node")),
                        text(s.path("job")),
                        text(s.path("pod")),
                        upper(SegmentStatus.class, s.path("status").asText()),
                        instant(s.path("start")),
                        millis(s.path("durationMillis")),
                        text(s.path("message")),
                        steps,
                        attempts));
            }
            return new RunReport(
                    upper(RunStatus.class, root.path("status").asText()), text(root.path("message")), segments);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a roiergasias report: " + e.getMessage(), e);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E upper(Class<E> type, String text) {
        return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    }

    @CheckForNull
    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    @CheckForNull
    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    @CheckForNull
    private static Duration millis(JsonNode n) {
        return n.isNumber() ? Duration.ofMillis(n.asLong()) : null;
    }
}
