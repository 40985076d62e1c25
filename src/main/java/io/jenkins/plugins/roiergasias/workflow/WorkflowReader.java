package io.jenkins.plugins.roiergasias.workflow;

import static io.jenkins.plugins.roiergasias.workflow.Scalars.code;
import static io.jenkins.plugins.roiergasias.workflow.Scalars.describe;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks the node tree of a workflow file against format 0.1 and builds the {@link Workflow}.
 * Every problem is reported, not only the first; the workflow is built only when there is none.
 */
final class WorkflowReader {
    private static final Pattern VERSION = Pattern.compile("0\\.10?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final String STEP_TYPES = "`print`, `execute` or `environment`";

    private final String source;
    private final Problems problems;
    private final Mappings mappings;

    WorkflowReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.mappings = new Mappings(problems);
    }

    /** The workflow, or {@code null} when the document has errors (all of them reported). */
    @CheckForNull
    Workflow read(Node root) {
        try {
            Workflow workflow = readTop(root);
            return problems.hasErrors() ? null : workflow;
        } catch (Problems.BudgetExceeded e) {
            problems.error(e.node(), "", "the document expands to too many elements through YAML aliases (more than "
                    + "its size justifies); use fewer aliases of aliases");
            return null;
        }
    }

    @CheckForNull
    private Workflow readTop(Node root) {
        if (Scalars.isNull(root)) {
            problems.error(root, "", "the document is empty (null): expected a mapping with `version: 0.1` and a "
                    + "`task` list");
            return null;
        }
        if (!(root instanceof MappingNode map)) {
            problems.error(root, "", "expected a mapping with `version: 0.1` and a `task` list at the top of the file, "
                    + "found " + describe(root));
            return null;
        }
        Map<String, Mappings.Entry> known = new LinkedHashMap<>();
        List<Mappings.Entry> unknown = new ArrayList<>();
        for (Mappings.Entry e : mappings.entries(map, "")) {
            if (e.key() == null) {
                problems.error(e.keyNode(), "", "expected a key name, found " + describe(e.keyNode()));
            } else if (Suggestions.TOP_LEVEL_KEYS.contains(e.key())) {
                known.put(e.key(), e);
            } else {
                unknown.add(e);
            }
        }
        String version = readVersion(root, known.get("version"), unknown);
        List<EnvItem> environment = List.of();
        Mappings.Entry env = known.get("environment");
        if (env != null) {
            environment = readEnvironment(env, "environment", true);
        }
        Mappings.Entry node = known.get("node");
        if (node != null && !(node.value() instanceof ScalarNode)) {
            problems.error(node.value(), "node", "expected a string, found " + describe(node.value())
                    + "; a top-level `node` is ignored: pin each task with its own `node`");
        }
        List<Task> tasks = readTasks(root, known.get("task"), unknown);
        reportUnknownTopLevelKeys(known, unknown);
        if (version == null || environment == null || tasks == null || problems.hasErrors()) {
            return null;
        }
        return new Workflow(source, version, environment, tasks);
    }

    /** The near miss of a missing required key: {@code Version} for {@code version}. */
    @CheckForNull
    private static Mappings.Entry nearMiss(String required, List<Mappings.Entry> unknown) {
        for (Mappings.Entry e : unknown) {
            if (required.equals(Suggestions.closest(e.key(), Suggestions.TOP_LEVEL_KEYS))) {
                return e;
            }
        }
        return null;
    }

    private void missing(Node root, String key, String expected, List<Mappings.Entry> unknown) {
        Mappings.Entry near = nearMiss(key, unknown);
        if (near == null) {
            problems.error(root, "", "missing `" + key + "`: " + expected);
        } else {
            problems.error(near.keyNode(), "", "missing `" + key + "`: " + expected + "; did you mean `" + key
                    + "` instead of " + code(near.key()) + "?");
        }
    }

    private void reportUnknownTopLevelKeys(Map<String, Mappings.Entry> known, List<Mappings.Entry> unknown) {
        for (Mappings.Entry e : unknown) {
            String key = e.key();
            String path = Paths.key("", key);
            String suggestion = Suggestions.closest(key, Suggestions.TOP_LEVEL_KEYS);
            boolean reportedAsMissing = suggestion != null
                    && !known.containsKey(suggestion)
                    && (suggestion.equals("version") || suggestion.equals("task"))
                    && nearMiss(suggestion, unknown) == e;
            if (reportedAsMissing || key.startsWith("x-")) {
                // x-anything is the usual home of anchors (as in Compose files): ignored silently
                continue;
            }
            if (key.equals("tasks") || key.equals("logger")) {
                // The reference crashes (tasks) or fails (logger) on these: they collide with its
                // internal fields, so no working workflow has them.
                problems.error(e.keyNode(), path, "`" + key + "` is not a key of format 0.1"
                        + (key.equals("tasks") ? "; the tasks go in `task` (singular)" : "; remove it"));
            } else if (Suggestions.STEP_KEYS.contains(key) && !key.equals("environment")
                    || Suggestions.TASK_KEYS.contains(key) && !key.equals("node")) {
                problems.warning(e.keyNode(), path, "unknown top-level key " + code(key) + " is ignored: it belongs "
                        + "inside a task of the `task` list");
            } else if (suggestion != null) {
                problems.warning(e.keyNode(), path, "unknown top-level key " + code(key) + " is ignored; did you mean `"
                        + suggestion + "`?");
            } else {
                problems.warning(e.keyNode(), path, "unknown top-level key " + code(key) + " is ignored (a workflow "
                        + "has `version`, `environment` and `task`)");
            }
        }
    }

    @CheckForNull
    private String readVersion(Node root, @CheckForNull Mappings.Entry entry, List<Mappings.Entry> unknown) {
        if (entry == null) {
            missing(root, "version", "a workflow starts with `version: 0.1`", unknown);
            return null;
        }
        Node value = entry.value();
        if (!(value instanceof ScalarNode scalar)) {
            problems.error(value, "version", "expected the version 0.1, found " + describe(value));
            return null;
        }
        if (Scalars.kind(scalar) == Scalars.Kind.NULL) {
            problems.error(at(entry), "version", "expected the version 0.1, found " + describe(value)
                    + "; write `version: 0.1`");
            return null;
        }
        String text = scalar.getValue();
        if (!VERSION.matcher(text).matches()) {
            String hint = roundsToZeroPointOne(text)
                    ? "; write it as 0.1 (the reference engine rounded versions, this one reads them as written)"
                    : ", the only format this engine reads";
            problems.error(value, "version", "unsupported version " + Scalars.quote(text) + ": expected 0.1" + hint);
            return null;
        }
        return text;
    }

    private static boolean roundsToZeroPointOne(String text) {
        try {
            double v = Double.parseDouble(text);
            return Math.round(v * 10) / 10.0 == 0.1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Where to report a problem with an entry's value: the key when the value is not written. */
    private static Node at(Mappings.Entry entry) {
        return Scalars.isEmptyNull(entry.value()) ? entry.keyNode() : entry.value();
    }

    // ---- tasks ----

    @CheckForNull
    private List<Task> readTasks(Node root, @CheckForNull Mappings.Entry entry, List<Mappings.Entry> unknown) {
        String expected = "a list of tasks, each with a `sequential` list of steps";
        if (entry == null) {
            missing(root, "task", "expected " + expected, unknown);
            return null;
        }
        Node value = entry.value();
        if (Scalars.isNull(value) || value instanceof SequenceNode s && s.getValue().isEmpty()) {
            problems.error(at(entry), "task", "expected " + expected + ", found " + describe(value));
            return null;
        }
        if (!(value instanceof SequenceNode seq)) {
            String hint = value instanceof MappingNode ? "; start each task with \"- \" (a dash and a space)" : "";
            problems.error(value, "task", "expected " + expected + ", found " + describe(value) + hint);
            return null;
        }
        List<Task> tasks = new ArrayList<>(seq.getValue().size());
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            Task task = readTask(item, index, Paths.index("task", index));
            if (task != null) {
                tasks.add(task);
            }
            index++;
        }
        return tasks;
    }

    @CheckForNull
    private Task readTask(Node node, int index, String path) {
        if (!(node instanceof MappingNode map)) {
            problems.error(node, path, "expected a task (a mapping with `sequential` and an optional `node`), found "
                    + describe(node));
            return null;
        }
        List<Mappings.Entry> entries = mappings.entries(map, path);
        if (entries.isEmpty()) {
            problems.error(node, path, "empty task: expected `sequential` with a list of steps");
            return null;
        }
        Mappings.Entry sequential = null;
        Mappings.Entry nodeEntry = null;
        boolean unknownKeys = false;
        for (Mappings.Entry e : entries) {
            if ("sequential".equals(e.key())) {
                sequential = e;
            } else if ("node".equals(e.key())) {
                nodeEntry = e;
            } else {
                unknownKeys = true;
                unknownTaskKey(e, path);
            }
        }
        String nodeName = nodeEntry == null ? null : readNodeName(nodeEntry, Paths.key(path, "node"));
        if (sequential == null) {
            if (!unknownKeys) {
                problems.error(node, path, "task has no steps: expected `sequential` (a list of steps) next to `node`");
            }
            return null;
        }
        List<Step> steps = readSteps(sequential, Paths.key(path, "sequential"));
        return steps == null ? null : new Task(index, nodeName, steps, Problems.position(node));
    }

    private void unknownTaskKey(Mappings.Entry e, String path) {
        if (e.key() == null) {
            problems.error(e.keyNode(), path, "expected a key name, found " + describe(e.keyNode()));
            return;
        }
        String key = e.key();
        String here = Paths.key(path, key);
        if (Suggestions.STEP_KEYS.contains(key)) {
            problems.error(e.keyNode(), here, code(key) + " is a step, not a task key: put it in the task's "
                    + "`sequential` list (\"- sequential:\" then \"- " + key + ": ...\")");
            return;
        }
        String suggestion = Suggestions.closest(key, Suggestions.TASK_KEYS);
        String hint = suggestion == null ? "" : "; did you mean `" + suggestion + "`?";
        problems.error(e.keyNode(), here, "unknown task key " + code(key) + hint
                + " (a task has `sequential`, its list of steps, and an optional `node`)");
    }

    @CheckForNull
    private String readNodeName(Mappings.Entry entry, String path) {
        Node value = entry.value();
        if (Scalars.isNull(value)) {
            return null;
        }
        if (!Scalars.isString(value)) {
            String hint = value instanceof ScalarNode s ? "; quote it: node: \"" + Scalars.excerpt(s.getValue()) + "\"" : "";
            problems.error(value, path, "expected a node name (a string), found " + describe(value) + hint);
            return null;
        }
        String name = ((ScalarNode) value).getValue();
        if (name.length() > 63 || !LABEL_VALUE.matcher(name).matches()) {
            problems.warning(value, path, "node " + Scalars.quote(name) + " is not a valid Kubernetes label value (at "
                    + "most 63 letters, digits, `-`, `_` or `.`, beginning and ending with a letter or digit): no node "
                    + "can carry it, so this task cannot run on a cluster");
        }
        return name;
    }

    // ---- steps ----

    @CheckForNull
    private List<Step> readSteps(Mappings.Entry entry, String path) {
        Node value = entry.value();
        if (!(value instanceof SequenceNode seq)) {
            String hint = Scalars.isNull(value)
                    ? "; write the steps below it, each starting with \"- \", or `sequential: []` for none"
                    : value instanceof MappingNode ? "; start each step with \"- \" (a dash and a space)" : "";
            problems.error(at(entry), path, "expected a list of steps, found " + describe(value) + hint);
            return null;
        }
        List<Step> steps = new ArrayList<>(seq.getValue().size());
        boolean ok = true;
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            Step step = readStep(item, Paths.index(path, index));
            if (step == null) {
                ok = false;
            } else if (ok) {
                steps.add(step);
            }
            index++;
        }
        return ok ? steps : null;
    }

    @CheckForNull
    private Step readStep(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            problems.error(node, path, "expected a step (a mapping with one of " + STEP_TYPES + "), found "
                    + describe(node));
            return null;
        }
        List<Mappings.Entry> entries = mappings.entries(map, path);
        if (entries.isEmpty()) {
            problems.error(node, path, "empty step: expected one of " + STEP_TYPES);
            return null;
        }
        List<Mappings.Entry> types = new ArrayList<>(1);
        boolean ok = true;
        for (Mappings.Entry e : entries) {
            if (e.key() != null && Suggestions.STEP_KEYS.contains(e.key())) {
                types.add(e);
            } else {
                ok = false;
                unknownStepKey(e, path);
            }
        }
        if (types.size() > 1) {
            ok = false;
            List<String> names = types.stream().map(e -> "`" + e.key() + "`").toList();
            String listed = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
            problems.error(types.get(1).keyNode(), Paths.key(path, types.get(1).key()), "a step has exactly one type, "
                    + "this one has " + listed + ": make each a step of its own, starting with \"- \"");
        }
        Step step = null;
        for (Mappings.Entry e : types) {
            Step s = readStepOfType(e, Paths.key(path, e.key()));
            if (step == null) {
                step = s;
            }
            ok &= s != null;
        }
        return ok ? step : null;
    }

    private void unknownStepKey(Mappings.Entry e, String path) {
        if (e.key() == null) {
            problems.error(e.keyNode(), path, "expected a step type, found " + describe(e.keyNode()));
            return;
        }
        String key = e.key();
        String here = Paths.key(path, key);
        if (Suggestions.TASK_KEYS.contains(key)) {
            problems.error(e.keyNode(), here, code(key) + " belongs to the task, not to a step: indent it like the "
                    + "task's `sequential`");
            return;
        }
        String suggestion = Suggestions.closest(key, Suggestions.STEP_KEYS);
        String hint = suggestion == null ? "expected one of " + STEP_TYPES : "did you mean `" + suggestion + "`?";
        problems.error(e.keyNode(), here, "unknown step type " + code(key) + ": " + hint);
    }

    @CheckForNull
    private Step readStepOfType(Mappings.Entry entry, String path) {
        Position at = Problems.position(entry.keyNode());
        return switch (entry.key()) {
            case "print" -> {
                List<String> items = readStrings(entry, path, "print");
                yield items == null ? null : new PrintStep(items, at);
            }
            case "execute" -> {
                List<String> commands = readStrings(entry, path, "execute");
                yield commands == null ? null : new ExecuteStep(commands, at);
            }
            default -> {
                List<EnvItem> items = readEnvironment(entry, path, false);
                yield items == null ? null : new EnvironmentStep(items, at);
            }
        };
    }

    @CheckForNull
    private List<String> readStrings(Mappings.Entry entry, String path, String type) {
        Node value = entry.value();
        String expected = "expected a list of strings, found " + describe(value);
        if (value instanceof ScalarNode s) {
            String hint = Scalars.isNull(s)
                    ? "; write the items below it, each starting with \"- \", or `" + type + ": []` for none"
                    : "; write it as a list: " + type + ": [\"" + Scalars.excerpt(s.getValue()) + "\"]";
            problems.error(at(entry), path, expected + hint);
            return null;
        }
        if (value instanceof MappingNode) {
            problems.error(value, path, expected + "; start each item with \"- \" and quote items that contain \": \"");
            return null;
        }
        List<Node> items = ((SequenceNode) value).getValue();
        List<String> texts = new ArrayList<>(items.size());
        boolean ok = true;
        int index = 0;
        for (Node item : items) {
            problems.spend(item);
            if (Scalars.isString(item)) {
                texts.add(((ScalarNode) item).getValue());
            } else {
                ok = false;
                problems.error(item, Paths.index(path, index), "expected a string, found " + describe(item)
                        + stringHint(item, type));
            }
            index++;
        }
        return ok ? texts : null;
    }

    private static String stringHint(Node item, String type) {
        if (item instanceof ScalarNode s) {
            if (Scalars.isNull(s)) {
                return type.equals("print") ? "; write \"\" for an empty line" : "; write the command, or remove the item";
            }
            return "; quote it: \"" + Scalars.excerpt(s.getValue()) + "\"";
        }
        if (item instanceof MappingNode m && m.getValue().size() == 1
                && m.getValue().get(0).getKeyNode() instanceof ScalarNode k
                && m.getValue().get(0).getValueNode() instanceof ScalarNode v) {
            return "; the text contains \": \", so YAML reads it as a mapping: quote the whole item: \""
                    + Scalars.excerpt(k.getValue() + ": " + v.getValue()) + "\"";
        }
        return "";
    }

    // ---- environment ----

    /**
     * The items of a global environment (null is an empty list there, as in the reference) or of
     * an environment step.
     */
    @CheckForNull
    private List<EnvItem> readEnvironment(Mappings.Entry entry, String path, boolean global) {
        Node value = entry.value();
        if (global && Scalars.isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode seq)) {
            String hint = value instanceof MappingNode
                    ? "; start each variable with \"- \", as in \"- NAME: value\""
                    : Scalars.isNull(value) ? "; write the variables below it, as in \"- NAME: value\"" : "";
            problems.error(at(entry), path, "expected a list of NAME: value mappings, found " + describe(value) + hint);
            return null;
        }
        List<EnvItem> items = new ArrayList<>(seq.getValue().size());
        boolean ok = true;
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            String itemPath = Paths.index(path, index++);
            if (global && Scalars.isNull(item)) {
                problems.warning(item, itemPath, "empty environment item: it sets nothing and is ignored");
                continue;
            }
            if (!(item instanceof MappingNode map)) {
                String hint = item instanceof ScalarNode s && s.getValue().contains("=")
                        ? "; write it as " + nameValueHint(s.getValue())
                        : "";
                problems.error(item, itemPath, "expected a mapping NAME: value, found " + describe(item) + hint);
                ok = false;
                continue;
            }
            List<EnvVar> vars = readVars(map, itemPath);
            if (vars == null) {
                ok = false;
            } else {
                items.add(new EnvItem(vars, Problems.position(item)));
            }
        }
        return ok ? items : null;
    }

    private static String nameValueHint(String assignment) {
        int eq = assignment.indexOf('=');
        return Scalars.excerpt(assignment.substring(0, eq).strip()) + ": \""
                + Scalars.excerpt(assignment.substring(eq + 1)) + "\"";
    }

    @CheckForNull
    private List<EnvVar> readVars(MappingNode map, String path) {
        List<Mappings.Entry> entries = mappings.entries(map, path);
        List<EnvVar> vars = new ArrayList<>(entries.size());
        boolean ok = true;
        for (Mappings.Entry e : entries) {
            problems.spend(e.keyNode());
            if (e.key() == null) {
                problems.error(e.keyNode(), path, "expected a variable name, found " + describe(e.keyNode()));
                ok = false;
                continue;
            }
            String name = e.key();
            String here = Paths.key(path, name);
            ok &= checkName(e, name, path, here);
            Node value = e.value();
            if (!(value instanceof ScalarNode scalar)) {
                problems.error(value, here, "expected a value (a string), found " + describe(value)
                        + "; quote it if it is meant as text");
                ok = false;
                continue;
            }
            String text = Scalars.text(scalar);
            if (text.indexOf('\0') >= 0) {
                problems.error(value, here, "the value contains a NUL character (\\0), which no environment variable can "
                        + "hold");
                ok = false;
                continue;
            }
            vars.add(new EnvVar(name, text, Problems.position(e.keyNode())));
        }
        return ok ? vars : null;
    }

    private boolean checkName(Mappings.Entry e, String name, String path, String here) {
        if (name.isEmpty()) {
            problems.error(e.keyNode(), path, "empty variable name: an environment variable needs a name");
            return false;
        }
        if (name.indexOf('=') >= 0) {
            problems.error(e.keyNode(), here, "variable name " + Scalars.quote(name) + " contains \"=\", which no "
                    + "environment variable name can contain; write NAME: value, not NAME=value");
            return false;
        }
        if (name.indexOf('\0') >= 0) {
            problems.error(e.keyNode(), here, "variable name " + Scalars.quote(name) + " contains a NUL character (\\0),"
                    + " which no environment variable name can contain");
            return false;
        }
        if (Template.hasTemplates(name)) {
            problems.warning(e.keyNode(), here, "templates are not resolved in variable names: this sets a variable "
                    + "literally named " + Scalars.quote(name));
        }
        return true;
    }
}
