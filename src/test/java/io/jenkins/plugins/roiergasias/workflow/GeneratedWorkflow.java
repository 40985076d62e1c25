package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A random valid workflow for property tests: the model it must parse to, and its rendering as
 * YAML in block or flow style with every scalar written plain, single- or double-quoted.
 */
record GeneratedWorkflow(
        String version,
        @CheckForNull List<List<Var>> environment,
        List<GenTask> tasks,
        long styleSeed) {

    /** One variable; {@code written} is how the value appears in the file, {@code value} what it means. */
    record Var(String name, String written, String value) {}

    record GenStep(String type, List<String> texts, List<List<Var>> items) {}

    /** @param node {@code null} when the task has no {@code node} key */
    record GenTask(@CheckForNull String node, List<GenStep> steps) {}

    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z][A-Za-z0-9_./=+-]*( [A-Za-z0-9_./=+-]+)*");

    /** The model the parser must build, as comparable text. */
    List<String> expected() {
        List<String> out = new ArrayList<>();
        out.add("version " + version.replaceAll("[\"']", ""));
        if (environment != null) {
            environment.forEach(item -> out.add("env " + vars(item)));
        }
        for (GenTask t : tasks) {
            out.add("task node=" + (t.node() == null || t.node().isEmpty() ? null : t.node()));
            for (GenStep s : t.steps()) {
                out.add("  " + s.type() + " " + (s.type().equals("environment")
                        ? s.items().stream().map(GeneratedWorkflow::vars).toList()
                        : s.texts()));
            }
        }
        return out;
    }

    private static String vars(List<Var> item) {
        return item.stream().map(v -> v.name() + "=" + v.value()).toList().toString();
    }

    /** The model of a parsed workflow, in the form of {@link #expected()}. */
    static List<String> actual(Workflow w) {
        List<String> out = new ArrayList<>();
        out.add("version " + w.version());
        w.environment().forEach(item -> out.add("env " + item.vars().stream()
                .map(v -> v.name() + "=" + v.value())
                .toList()));
        for (Task t : w.tasks()) {
            out.add("task node=" + t.node());
            for (Step s : t.steps()) {
                String args = s instanceof EnvironmentStep e
                        ? e.items().stream()
                                .map(i -> i.vars().stream().map(v -> v.name() + "=" + v.value()).toList().toString())
                                .toList()
                                .toString()
                        : s.texts().toString();
                out.add("  " + s.type().key() + " " + args);
            }
        }
        return out;
    }

    // ---- a quick generator, for properties that only need many different workflows ----

    private static final List<String> TEXTS = List.of("", " ", "hello", "yes", "42", "~", "true", "- x", "a: b", "x #y",
            "{{env:A}}", "echo \"a b\" 'c d'", "ls | wc -l > /tmp/x", "  leading", "multi\nline\n", "[x, y]", "{a: b}",
            "&anchor", "*alias", "é€😀", "\u0001ctrl", "plain words");
    private static final List<String[]> VALUES = List.of(
            new String[] {"42", "42"},
            new String[] {"true", "true"},
            new String[] {"~", ""},
            new String[] {"", ""},
            new String[] {"\"quoted value\"", "quoted value"},
            new String[] {"'it''s'", "it's"},
            new String[] {"\"{{env:A}}/bin\"", "{{env:A}}/bin"});

    /** A workflow drawn from {@code seed} with plain {@link java.util.Random}: far cheaper than combinators. */
    static GeneratedWorkflow random(long seed) {
        java.util.Random r = new java.util.Random(seed);
        String version = List.of("0.1", "\"0.1\"", "0.10", "'0.10'").get(r.nextInt(4));
        List<List<Var>> environment = r.nextInt(3) == 0 ? null : items(r);
        List<GenTask> tasks = new ArrayList<>();
        for (int t = 1 + r.nextInt(4); t > 0; t--) {
            String node = switch (r.nextInt(3)) {
                case 0 -> null;
                case 1 -> "";
                default -> "node-" + r.nextInt(100);
            };
            List<GenStep> steps = new ArrayList<>();
            for (int s = r.nextInt(6); s > 0; s--) {
                int type = r.nextInt(3);
                if (type == 2) {
                    steps.add(new GenStep("environment", List.of(), items(r)));
                } else {
                    List<String> texts = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        texts.add(TEXTS.get(r.nextInt(TEXTS.size())));
                    }
                    steps.add(new GenStep(type == 0 ? "print" : "execute", texts, List.of()));
                }
            }
            tasks.add(new GenTask(node, steps));
        }
        return new GeneratedWorkflow(version, environment, tasks, r.nextLong());
    }

    private static List<List<Var>> items(java.util.Random r) {
        List<List<Var>> items = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            List<Var> vars = new ArrayList<>();
            for (int v = r.nextInt(3); v > 0; v--) {
                String[] value = VALUES.get(r.nextInt(VALUES.size()));
                vars.add(new Var("V" + vars.size() + "_" + r.nextInt(10), value[0], value[1]));
            }
            items.add(vars);
        }
        return items;
    }

    // ---- rendering ----

    String render(boolean flow) {
        java.util.Random random = new java.util.Random(styleSeed);
        return flow ? renderFlow(random) : renderBlock(random);
    }

    private String renderBlock(java.util.Random random) {
        StringBuilder y = new StringBuilder("version: ").append(version).append('\n');
        if (environment != null) {
            y.append("environment:");
            if (environment.isEmpty()) {
                y.append(random.nextBoolean() ? " []" : "");
            }
            y.append('\n');
            for (List<Var> item : environment) {
                blockItem(y, "  ", item, random);
            }
        }
        y.append("task:\n");
        for (GenTask t : tasks) {
            String first = "  - ";
            if (t.node() != null) {
                y.append(first).append("node: ").append(scalar(t.node(), random)).append('\n');
                first = "    ";
            }
            y.append(first).append("sequential:");
            if (t.steps().isEmpty()) {
                y.append(" []\n");
                continue;
            }
            y.append('\n');
            for (GenStep s : t.steps()) {
                y.append("      - ").append(s.type()).append(':');
                if (s.type().equals("environment")) {
                    if (s.items().isEmpty()) {
                        y.append(" []\n");
                    } else {
                        y.append('\n');
                        for (List<Var> item : s.items()) {
                            blockItem(y, "          ", item, random);
                        }
                    }
                } else if (s.texts().isEmpty()) {
                    y.append(" []\n");
                } else {
                    y.append('\n');
                    for (String text : s.texts()) {
                        y.append("          - ").append(scalar(text, random)).append('\n');
                    }
                }
            }
        }
        return y.toString();
    }

    private static void blockItem(StringBuilder y, String indent, List<Var> item, java.util.Random random) {
        if (item.isEmpty()) {
            y.append(indent).append("- {}\n");
            return;
        }
        String first = indent + "- ";
        for (Var v : item) {
            y.append(first).append(key(v.name(), random)).append(": ").append(v.written()).append('\n');
            first = indent + "  ";
        }
    }

    private String renderFlow(java.util.Random random) {
        StringBuilder y = new StringBuilder("{version: ").append(version);
        if (environment != null) {
            y.append(", environment: ").append(flowItems(environment, random));
        }
        y.append(", task: [");
        for (int i = 0; i < tasks.size(); i++) {
            GenTask t = tasks.get(i);
            y.append(i == 0 ? "" : ", ").append('{');
            if (t.node() != null) {
                y.append("node: ").append(quoted(t.node(), random)).append(", ");
            }
            y.append("sequential: [");
            for (int j = 0; j < t.steps().size(); j++) {
                GenStep s = t.steps().get(j);
                y.append(j == 0 ? "" : ", ").append('{').append(s.type()).append(": ");
                if (s.type().equals("environment")) {
                    y.append(flowItems(s.items(), random));
                } else {
                    y.append('[');
                    for (int k = 0; k < s.texts().size(); k++) {
                        y.append(k == 0 ? "" : ", ").append(quoted(s.texts().get(k), random));
                    }
                    y.append(']');
                }
                y.append('}');
            }
            y.append("]}");
        }
        return y.append("]}\n").toString();
    }

    private static String flowItems(List<List<Var>> items, java.util.Random random) {
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            y.append(i == 0 ? "" : ", ").append('{');
            List<Var> item = items.get(i);
            for (int k = 0; k < item.size(); k++) {
                Var v = item.get(k);
                String written = v.written().isEmpty() ? "~" : v.written();
                y.append(k == 0 ? "" : ", ").append(doubleQuoted(v.name())).append(": ").append(written);
            }
            y.append('}');
        }
        return y.append(']').toString();
    }

    private static String key(String name, java.util.Random random) {
        return PLAIN_SAFE.matcher(name).matches() && Scalars.resolvePlain(name) == Scalars.Kind.STRING && random.nextBoolean()
                ? name
                : doubleQuoted(name);
    }

    /** A string as a block-context scalar: plain when that is safe, else quoted. */
    static String scalar(String text, java.util.Random random) {
        if (PLAIN_SAFE.matcher(text).matches()
                && Scalars.resolvePlain(text) == Scalars.Kind.STRING
                && random.nextInt(3) == 0) {
            return text;
        }
        return quoted(text, random);
    }

    static String quoted(String text, java.util.Random random) {
        boolean singleOk = text.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c >= 0xA0 && c != 0x2028
                && c != 0x2029 && c != 0xFEFF && c < 0xFFFE);
        return singleOk && random.nextBoolean() ? "'" + text.replace("'", "''") + "'" : doubleQuoted(text);
    }

    static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                    || c >= 0xFFFE) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
