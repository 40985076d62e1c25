package io.jenkins.plugins.roiergasias.workflow;

import static io.jenkins.plugins.roiergasias.workflow.Scalars.code;
import static io.jenkins.plugins.roiergasias.workflow.Scalars.describe;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code sequential} list of a task: each step, its one type, and its arguments. */
final class StepReader {
    private static final String STEP_TYPES = "`print`, `execute` or `environment`";

    private final Problems problems;
    private final Mappings mappings;
    private final EnvironmentReader environments;

    StepReader(Problems problems, Mappings mappings, EnvironmentReader environments) {
        this.problems = problems;
        this.mappings = mappings;
        this.environments = environments;
    }

    @CheckForNull
    List<Step> readSteps(Mappings.Entry entry, Path path) {
        Node value = entry.value();
        if (!(value instanceof SequenceNode seq)) {
            String hint = Scalars.isNull(value)
                    ? "; write the steps below it, each starting with \"- \", or `sequential: []` for none"
                    : value instanceof MappingNode ? "; start each step with \"- \" (a dash and a space)" : "";
            problems.error(entry.at(), path, "expected a list of steps, found " + describe(value) + hint);
            return null;
        }
        List<Step> steps = new ArrayList<>(seq.getValue().size());
        boolean ok = true;
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            Step step = readStep(item, path.index(index));
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
    private Step readStep(Node node, Path path) {
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
            problems.error(types.get(1).keyNode(), path.key(types.get(1).key()), "a step has exactly one type, "
                    + "this one has " + listed + ": make each a step of its own, starting with \"- \"");
        }
        Step step = null;
        for (Mappings.Entry e : types) {
            Step s = readStepOfType(e, path.key(e.key()));
            if (step == null) {
                step = s;
            }
            ok &= s != null;
        }
        return ok ? step : null;
    }

    private void unknownStepKey(Mappings.Entry e, Path path) {
        if (e.key() == null) {
            problems.error(e.keyNode(), path, "expected a step type, found " + describe(e.keyNode()));
            return;
        }
        String key = e.key();
        Path here = path.key(key);
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
    private Step readStepOfType(Mappings.Entry entry, Path path) {
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
                List<EnvItem> items = environments.read(entry, path, false);
                yield items == null ? null : new EnvironmentStep(items, at);
            }
        };
    }

    @CheckForNull
    private List<String> readStrings(Mappings.Entry entry, Path path, String type) {
        Node value = entry.value();
        if (value instanceof ScalarNode s) {
            String expected = "expected a list of strings, found " + describe(value);
            String hint = Scalars.isNull(s)
                    ? "; write the items below it, each starting with \"- \", or `" + type + ": []` for none"
                    : "; write it as a list: " + type + ": [\"" + Scalars.excerpt(s.getValue()) + "\"]";
            problems.error(entry.at(), path, expected + hint);
            return null;
        }
        if (value instanceof MappingNode) {
            problems.error(value, path, "expected a list of strings, found " + describe(value) + "; start each item with \"- \" and quote items that contain \": \"");
            return null;
        }
        List<Node> items = ((SequenceNode) value).getValue();
        List<String> texts = new ArrayList<>(items.size());
        boolean ok = true;
        int index = 0;
        for (Node item : items) {
            if (Scalars.isString(item)) {
                String text = ((ScalarNode) item).getValue();
                problems.spend(item, text);
                ok &= shellCanCarry(item, path.index(index), type, text);
                texts.add(text);
            } else {
                problems.spend(item);
                ok = false;
                problems.error(item, path.index(index), "expected a string, found " + describe(item)
                        + stringHint(item, type));
            }
            index++;
        }
        return ok ? texts : null;
    }

    /** A shell holds no NUL, and Linux passes a command to {@code /bin/sh} only up to {@link ArgumentLimit}. */
    private boolean shellCanCarry(Node item, Path path, String type, String text) {
        String what = type.equals("print") ? "the text" : "the command";
        if (text.indexOf('\0') >= 0) {
            problems.error(item, path, what + " contains a NUL character (\\0), which no shell word can hold"
                    + (type.equals("print") ? "; print it with a command: printf '\\0'" : ""));
            return false;
        }
        if (type.equals("execute") && ArgumentLimit.mayExceed(text.length())) {
            long bytes = ArgumentLimit.utf8(text);
            if (bytes >= ArgumentLimit.BYTES) {
                problems.error(item, path, "the command holds " + bytes + " bytes; it is passed to /bin/sh as one"
                        + " argument, and Linux refuses an argument of " + ArgumentLimit.BYTES + " bytes (128 KiB) or"
                        + " more (exit code 126, \"Argument list too long\"): put it into a script file");
                return false;
            }
        }
        return true;
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
}
