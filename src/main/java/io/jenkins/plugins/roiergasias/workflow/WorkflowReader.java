package io.jenkins.plugins.roiergasias.workflow;

import static io.jenkins.plugins.roiergasias.workflow.Scalars.code;
import static io.jenkins.plugins.roiergasias.workflow.Scalars.describe;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks the node tree of a workflow file against format 0.1 and builds the {@link Workflow}.
 * Every problem is reported, not only the first; the workflow is built only when there is none.
 */
final class WorkflowReader {
    private static final Pattern VERSION = Pattern.compile("0\\.10?");

    private final String source;
    private final Problems problems;
    private final Mappings mappings;
    private final StepReader steps;
    private final EnvironmentReader environments;
    /** Tasks read as soon as they were composed, in document order; see {@link #prepareTask}. */
    private final List<Prepared> prepared = new ArrayList<>();
    private int nextPrepared;
    @CheckForNull
    private WorkflowReader scratch;

    /** A task read without any problem while it was composed, and the work reading it took. */
    private record Prepared(Node node, @CheckForNull String name, List<Step> steps, Position position, long work) {}

    WorkflowReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.mappings = new Mappings(problems);
        this.environments = new EnvironmentReader(problems, mappings);
        this.steps = new StepReader(problems, mappings, environments);
    }

    /**
     * Reads a task of the top-level {@code task} list as soon as the composer completes it, while
     * its nodes are still in the CPU caches (reading a large document's tree afterwards costs a
     * cache miss per node). The result is kept only when reading reported nothing at all, and is
     * used by {@link #read} for the same node, counting the same work: a task with any problem is
     * read again there, so that its diagnostics come in the usual order, paths and budget.
     */
    void prepareTask(MappingNode node) {
        if (scratch == null) {
            scratch = new WorkflowReader(source, new Problems(source, Long.MAX_VALUE));
        }
        Problems work = scratch.problems;
        work.reset();
        scratch.environments.longValues().clear();
        try {
            Task task = scratch.readTask(node, 0, Path.ROOT, null);
            if (task != null && work.clean() && scratch.environments.longValues().isEmpty()) {
                prepared.add(new Prepared(node, task.node(), task.steps(), task.position(), work.spent()));
            }
        } catch (RuntimeException | StackOverflowError e) {
            // read again, and reported, by read()
        }
    }

    /** The task prepared for {@code item}, if there is one and the budget allows its work. */
    @CheckForNull
    private Task prepared(Node item, int index) {
        if (nextPrepared < prepared.size() && prepared.get(nextPrepared).node() == item) {
            Prepared p = prepared.get(nextPrepared++);
            if (problems.spendAll(p.work())) {
                return new Task(index, p.name(), p.steps(), p.position());
            }
        }
        return null;
    }

    /** The workflow, or {@code null} when the document has errors (all of them reported). */
    @CheckForNull
    Workflow read(Node root) {
        try {
            Workflow workflow = readTop(root);
            return problems.hasErrors() ? null : workflow;
        } catch (Problems.BudgetExceeded e) {
            problems.error(e.node(), "", "the document expands through YAML aliases to more than "
                    + WorkflowText.bytes(problems.budget()) + " of steps and texts, what it holds itself plus "
                    + WorkflowText.bytes(WorkflowParser.ALIAS_EXPANSION_ALLOWANCE) + ": it was refused here, before"
                    + " anything was generated from it; use fewer aliases of aliases");
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
        for (Mappings.Entry e : mappings.entries(map, Path.ROOT)) {
            if (e.key() == null) {
                problems.error(e.keyNode(), "", "expected a key name, found " + describe(e.keyNode()));
            } else if (Suggestions.TOP_LEVEL_KEYS.contains(e.key())) {
                known.put(e.key(), e);
            } else {
                unknown.add(e);
            }
        }
        Map<String, Mappings.Entry> nearMisses = nearMisses(known, unknown);
        String version = readVersion(root, known.get("version"), nearMisses);
        List<EnvItem> environment = List.of();
        Mappings.Entry env = known.get("environment");
        if (env != null) {
            environment = environments.read(env, Path.ROOT.key("environment"), true);
        }
        Mappings.Entry node = known.get("node");
        if (node != null && !(node.value() instanceof ScalarNode)) {
            problems.error(node.value(), "node", "expected a string, found " + describe(node.value())
                    + "; a top-level `node` is ignored: pin each task with its own `node`");
        }
        List<Task> tasks = readTasks(root, known.get("task"), nearMisses);
        reportUnknownTopLevelKeys(unknown, nearMisses);
        CommandMode commands = readCommandMode(unknown);
        if (tasks != null) {
            reportLongValues(tasks);
        }
        if (version == null || environment == null || tasks == null || problems.hasErrors()) {
            return null;
        }
        return new Workflow(source, version, environment, tasks, commands);
    }

    /** The value of {@link CommandMode#KEY}; a value we do not know is a warning, as the original ignores the key. */
    @CheckForNull
    private CommandMode readCommandMode(List<Mappings.Entry> unknown) {
        for (Mappings.Entry e : unknown) {
            if (CommandMode.KEY.equals(e.key())) {
                CommandMode mode = e.value() instanceof ScalarNode s ? CommandMode.named(s.getValue()) : null;
                if (mode == null) {
                    problems.warning(e.value(), Path.ROOT.key(CommandMode.KEY), "expected `reference` or `shell`, "
                            + "found " + describe(e.value()) + "; the key is ignored and commands run as the run's "
                            + "setting says");
                }
                return mode;
            }
        }
        return null;
    }

    /**
     * The first near miss of each missing required key ({@code Version} for {@code version}), found
     * in one pass so that a file with many unknown keys stays linear.
     */
    private static Map<String, Mappings.Entry> nearMisses(
            Map<String, Mappings.Entry> known, List<Mappings.Entry> unknown) {
        Map<String, Mappings.Entry> near = new HashMap<>();
        for (Mappings.Entry e : unknown) {
            String suggestion = Suggestions.closest(e.key(), Suggestions.TOP_LEVEL_KEYS);
            if (("version".equals(suggestion) || "task".equals(suggestion)) && !known.containsKey(suggestion)) {
                near.putIfAbsent(suggestion, e);
            }
        }
        return near;
    }

    private void missing(Node root, String key, String expected, Map<String, Mappings.Entry> nearMisses) {
        Mappings.Entry near = nearMisses.get(key);
        if (near == null) {
            problems.error(root, "", "missing `" + key + "`: " + expected);
        } else {
            problems.error(near.keyNode(), "", "missing `" + key + "`: " + expected + "; did you mean `" + key
                    + "` instead of " + code(near.key()) + "?");
        }
    }

    private void reportUnknownTopLevelKeys(List<Mappings.Entry> unknown, Map<String, Mappings.Entry> nearMisses) {
        for (Mappings.Entry e : unknown) {
            String key = e.key();
            Path path = Path.ROOT.key(key);
            String suggestion = Suggestions.closest(key, Suggestions.TOP_LEVEL_KEYS);
            boolean reportedAsMissing = nearMisses.containsValue(e);
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
    private String readVersion(
            Node root, @CheckForNull Mappings.Entry entry, Map<String, Mappings.Entry> nearMisses) {
        if (entry == null) {
            missing(root, "version", "a workflow starts with `version: 0.1`", nearMisses);
            return null;
        }
        Node value = entry.value();
        if (!(value instanceof ScalarNode scalar)) {
            problems.error(value, "version", "expected the version 0.1, found " + describe(value));
            return null;
        }
        if (Scalars.kind(scalar) == Scalars.Kind.NULL) {
            problems.error(entry.at(), "version", "expected the version 0.1, found " + describe(value)
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

    // ---- tasks ----

    @CheckForNull
    private List<Task> readTasks(
            Node root, @CheckForNull Mappings.Entry entry, Map<String, Mappings.Entry> nearMisses) {
        String expected = "a list of tasks, each with a `sequential` list of steps";
        if (entry == null) {
            missing(root, "task", "expected " + expected, nearMisses);
            return null;
        }
        Node value = entry.value();
        if (Scalars.isNull(value) || value instanceof SequenceNode s && s.getValue().isEmpty()) {
            problems.error(entry.at(), "task", "expected " + expected + ", found " + describe(value));
            return null;
        }
        if (!(value instanceof SequenceNode seq)) {
            String hint = value instanceof MappingNode ? "; start each task with \"- \" (a dash and a space)" : "";
            problems.error(value, "task", "expected " + expected + ", found " + describe(value) + hint);
            return null;
        }
        List<Task> tasks = new ArrayList<>(seq.getValue().size());
        Path path = Path.ROOT.key("task");
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            Task task = prepared(item, index);
            if (task == null) {
                Node next = index + 1 < seq.getValue().size() ? seq.getValue().get(index + 1) : null;
                task = readTask(item, index, path.index(index), next);
            }
            if (task != null) {
                tasks.add(task);
            }
            index++;
        }
        return tasks;
    }

    /** Values too long for the environment of a command that runs after they are set. */
    private void reportLongValues(List<Task> tasks) {
        for (EnvironmentReader.LongValue v : environments.longValues()) {
            if (commandAfter(tasks, v)) {
                problems.error(v.position(), v.path(), "the value holds at least " + v.bytes() + " bytes; Linux refuses"
                        + " to start a command with an environment variable of " + ArgumentLimit.BYTES + " bytes (128 KiB)"
                        + " or more (" + Scalars.excerpt(v.name()) + "=value), so every later command would fail with"
                        + " exit code 126 (\"Argument list too long\"): keep such data in a file");
            }
        }
    }

    private static boolean commandAfter(List<Task> tasks, EnvironmentReader.LongValue v) {
        for (Task task : tasks) {
            for (Step step : task.steps()) {
                if (step instanceof ExecuteStep && (v.global() || after(step.position(), v.position()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean after(Position a, Position b) {
        return a.line() > b.line() || a.line() == b.line() && a.column() > b.column();
    }

    @CheckForNull
    private Task readTask(Node node, int index, Path path, @CheckForNull Node next) {
        if (!(node instanceof MappingNode) && !Scalars.isNull(node)) {
            problems.error(node, path, "expected a task (a mapping with `sequential` and an optional `node`), found "
                    + describe(node));
            return null;
        }
        List<Mappings.Entry> entries = node instanceof MappingNode map ? mappings.entries(map, path) : List.of();
        if (entries.isEmpty()) {
            // The original engine runs such a task as a no-op; so does this one, but says so.
            problems.warning(node, path, "empty task: it runs nothing, as in the original engine; remove it, or give"
                    + " it `sequential` with a list of steps");
            return new Task(index, null, List.of(), Problems.position(node));
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
        String nodeName = nodeEntry == null ? null : readNodeName(nodeEntry, path.key("node"));
        if (sequential == null) {
            if (unknownKeys || nodeEntry != null && nodeName == null && !Scalars.isNull(nodeEntry.value())) {
                return null;
            }
            problems.warning(node, path, "task has `node` but no steps: it runs nothing, as in the original engine; "
                    + nodeOnlyHint(nodeName, next));
            return new Task(index, nodeName, List.of(), Problems.position(node));
        }
        List<Step> list = steps.readSteps(sequential, path.key("sequential"));
        return list == null ? null : new Task(index, nodeName, list, Problems.position(node));
    }

    /**
     * What the author of a task with only a node probably meant: most often the steps are in the
     * next task, which a {@code - } too many split off ({@code - node: a} then {@code - sequential:}).
     */
    private String nodeOnlyHint(@CheckForNull String nodeName, @CheckForNull Node next) {
        String where = nodeName == null || nodeName.isEmpty() ? "this node" : "node " + Scalars.quote(nodeName);
        if (next instanceof MappingNode m && m.getValue().stream().map(NodeTuple::getKeyNode)
                .anyMatch(k -> k instanceof ScalarNode s && s.getValue().equals("sequential"))
                && m.getValue().stream().map(NodeTuple::getKeyNode)
                        .noneMatch(k -> k instanceof ScalarNode s && s.getValue().equals("node"))) {
            return "if the steps of the next task (line " + (next.getStartMark().getLine() + 1) + ") should run on "
                    + where + ", remove the \"- \" before its `sequential`, so that `node` and `sequential` make one task";
        }
        return "to run steps on " + where + ", add `sequential` with a list of steps to this task, indented like"
                + " `node`, or remove the task";
    }

    private void unknownTaskKey(Mappings.Entry e, Path path) {
        if (e.key() == null) {
            problems.error(e.keyNode(), path, "expected a key name, found " + describe(e.keyNode()));
            return;
        }
        String key = e.key();
        Path here = path.key(key);
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

    /**
     * A valid Kubernetes label value: empty, or at most 63 letters, digits, {@code -}, {@code _}
     * or {@code .} beginning and ending with a letter or digit (checked without a regex: once per
     * task).
     */
    static boolean isLabelValue(String name) {
        int n = name.length();
        if (n == 0) {
            return true;
        }
        if (n > 63 || !isAlphanumeric(name.charAt(0)) || !isAlphanumeric(name.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @CheckForNull
    private String readNodeName(Mappings.Entry entry, Path path) {
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
        if (!isLabelValue(name)) {
            // Kubernetes refuses such a nodeSelector, so the original operator could not run it either;
            // and the name is written into the segment's YAML, program and Job.
            problems.error(value, path, "node " + Scalars.quote(name) + " is not a valid Kubernetes label value (at "
                    + "most 63 letters, digits, `-`, `_` or `.`, beginning and ending with a letter or digit): no node "
                    + "can carry it, and Kubernetes refuses it in a nodeSelector");
            return null;
        }
        return name;
    }
}
