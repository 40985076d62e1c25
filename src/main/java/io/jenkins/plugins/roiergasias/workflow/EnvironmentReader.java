package io.jenkins.plugins.roiergasias.workflow;

import static io.jenkins.plugins.roiergasias.workflow.Scalars.describe;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads lists of {@code NAME: value} mappings, of the global environment and of environment
 * steps. Values keep their source text ({@link Scalars#text}); names must be settable.
 */
final class EnvironmentReader {
    private final Problems problems;
    private final Mappings mappings;
    private final List<LongValue> longValues = new ArrayList<>();

    /**
     * A value too long for the environment of a command ({@link ArgumentLimit}); an error only when
     * a command runs after it is set, which is known once the whole workflow is read.
     *
     * @param bytes the bytes of the value without its templates
     */
    record LongValue(Position position, String path, String name, long bytes, boolean global) {}

    EnvironmentReader(Problems problems, Mappings mappings) {
        this.problems = problems;
        this.mappings = mappings;
    }

    /**
     * The items of a global environment (null is an empty list there, as in the reference) or of
     * an environment step.
     */
    @CheckForNull
    List<EnvItem> read(Mappings.Entry entry, Path path, boolean global) {
        Node value = entry.value();
        if (global && Scalars.isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode seq)) {
            String hint = value instanceof MappingNode
                    ? "; start each variable with \"- \", as in \"- NAME: value\""
                    : Scalars.isNull(value) ? "; write the variables below it, as in \"- NAME: value\"" : "";
            problems.error(entry.at(), path, "expected a list of NAME: value mappings, found " + describe(value) + hint);
            return null;
        }
        List<EnvItem> items = new ArrayList<>(seq.getValue().size());
        boolean ok = true;
        int index = 0;
        for (Node item : seq.getValue()) {
            problems.spend(item);
            Path itemPath = path.index(index++);
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
            List<EnvVar> vars = readVars(map, itemPath, global);
            if (vars == null) {
                ok = false;
            } else {
                items.add(new EnvItem(vars, Problems.position(item)));
            }
        }
        return ok ? items : null;
    }

    /** The values read so far that are too long for a command's environment. */
    List<LongValue> longValues() {
        return longValues;
    }

    private static String nameValueHint(String assignment) {
        int eq = assignment.indexOf('=');
        return Scalars.excerpt(assignment.substring(0, eq).strip()) + ": \""
                + Scalars.excerpt(assignment.substring(eq + 1)) + "\"";
    }

    @CheckForNull
    private List<EnvVar> readVars(MappingNode map, Path path, boolean global) {
        List<Mappings.Entry> entries = mappings.entries(map, path);
        List<EnvVar> vars = new ArrayList<>(entries.size());
        boolean ok = true;
        for (Mappings.Entry e : entries) {
            problems.spend(e.keyNode(), e.key() == null ? "" : e.key());
            if (e.key() == null) {
                problems.error(e.keyNode(), path, "expected a variable name, found " + describe(e.keyNode()));
                ok = false;
                continue;
            }
            String name = e.key();
            Path here = path.key(name);
            ok &= checkName(e, name, path, here);
            Node value = e.value();
            if (!(value instanceof ScalarNode scalar)) {
                problems.error(value, here, "expected a value (a string), found " + describe(value)
                        + "; quote it if it is meant as text");
                ok = false;
                continue;
            }
            String text = Scalars.text(scalar);
            problems.spend(scalar, text);
            if (text.indexOf('\0') >= 0) {
                problems.error(value, here, "the value contains a NUL character (\\0), which no environment variable can "
                        + "hold");
                ok = false;
                continue;
            }
            if (ArgumentLimit.mayExceed(name.length() + 1L + text.length())) {
                long bytes = ArgumentLimit.literalUtf8(text);
                if (ArgumentLimit.utf8(name) + 1 + bytes >= ArgumentLimit.BYTES) {
                    longValues.add(new LongValue(Problems.position(value), here.toString(), name, bytes, global));
                }
            }
            vars.add(new EnvVar(name, text, Problems.position(e.keyNode())));
        }
        return ok ? vars : null;
    }

    private boolean checkName(Mappings.Entry e, String name, Path path, Path here) {
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
