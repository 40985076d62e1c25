package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The entries of a YAML mapping as the reference sees them: the first of duplicate keys (the
 * duplicates are reported by {@link DuplicateKeys}), and merge keys ({@code <<: *defaults})
 * expanded, explicit keys winning over merged ones and earlier merged mappings over later ones.
 */
final class Mappings {
    /** Merges of merges deeper than this are not followed (and reported). */
    static final int MAX_MERGE_DEPTH = 20;
    /** Mappings up to this size are read without hash sets (keys are compared pairwise). */
    private static final int SMALL_MAPPING = 8;

    /**
     * One key and its value.
     *
     * @param key the key's text, or {@code null} when the key is a list or a mapping
     */
    record Entry(@CheckForNull String key, Node keyNode, Node value) {
        /** Where to report a problem with the value: the key when the value is not written at all. */
        Node at() {
            return Scalars.isEmptyNull(value) ? keyNode : value;
        }
    }

    private final Problems problems;
    private final Set<Node> merging = Collections.newSetFromMap(new IdentityHashMap<>());

    Mappings(Problems problems) {
        this.problems = problems;
    }

    /** The entries of {@code map}, in document order, merged entries where their {@code <<} is. */
    List<Entry> entries(MappingNode map, String path) {
        return entries(map, Path.of(path));
    }

    /** The entries of {@code map}, in document order, merged entries where their {@code <<} is. */
    List<Entry> entries(MappingNode map, Path path) {
        List<NodeTuple> tuples = map.getValue();
        int size = tuples.size();
        if (size <= SMALL_MAPPING && !hasMergeKey(tuples)) {
            return smallEntries(tuples);
        }
        List<Entry> entries = new ArrayList<>(size);
        boolean merges = false;
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : tuples) {
            Node k = t.getKeyNode();
            if (isMergeKey(k)) {
                merges = true;
            } else if (k instanceof ScalarNode s) {
                keys.add(Scalars.text(s));
            }
        }
        Set<String> added = new HashSet<>();
        for (NodeTuple t : tuples) {
            Node k = t.getKeyNode();
            if (merges && isMergeKey(k)) {
                merge(t.getValueNode(), path, keys, added, entries);
            } else if (k instanceof ScalarNode s) {
                if (added.add(Scalars.text(s))) {
                    entries.add(new Entry(Scalars.text(s), k, t.getValueNode()));
                }
            } else {
                entries.add(new Entry(null, k, t.getValueNode()));
            }
        }
        return entries;
    }

    /**
     * The entries of a small mapping without merge keys, the first of duplicate keys found by
     * comparing keys pairwise: no hash sets for the many one- and two-key mappings of a workflow.
     */
    private static List<Entry> smallEntries(List<NodeTuple> tuples) {
        int size = tuples.size();
        List<Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            NodeTuple t = tuples.get(i);
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode s) {
                String name = Scalars.text(s);
                if (!definedBefore(tuples, i, name)) {
                    entries.add(new Entry(name, k, t.getValueNode()));
                }
            } else {
                entries.add(new Entry(null, k, t.getValueNode()));
            }
        }
        return entries;
    }

    private static boolean definedBefore(List<NodeTuple> tuples, int end, String name) {
        for (int j = 0; j < end; j++) {
            if (tuples.get(j).getKeyNode() instanceof ScalarNode s && name.equals(Scalars.text(s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMergeKey(List<NodeTuple> tuples) {
        for (int i = 0; i < tuples.size(); i++) {
            if (isMergeKey(tuples.get(i).getKeyNode())) {
                return true;
            }
        }
        return false;
    }

    private void merge(Node source, Path path, Set<String> explicit, Set<String> added, List<Entry> into) {
        List<Node> maps = new ArrayList<>();
        if (source instanceof MappingNode) {
            maps.add(source);
        } else if (source instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
            maps.addAll(seq.getValue());
        } else {
            maps.add(source);
        }
        for (Node m : maps) {
            if (!(m instanceof MappingNode map)) {
                problems.error(m, path, "a merge key `<<` takes a mapping (`<<: *defaults`) or a list of them, found "
                        + Scalars.describe(m));
                continue;
            }
            if (merging.size() >= MAX_MERGE_DEPTH || !merging.add(map)) {
                problems.error(m, path, "merge keys `<<` nest too deeply or merge a mapping into itself");
                continue;
            }
            try {
                for (Entry e : entries(map, path)) {
                    problems.spend(e.keyNode(), e.key() == null ? "" : e.key());
                    if (e.key() == null) {
                        into.add(e);
                    } else if (!explicit.contains(e.key()) && added.add(e.key())) {
                        into.add(e);
                    }
                }
            } finally {
                merging.remove(map);
            }
        }
    }

    /** A plain (or quoted, untagged) {@code <<} key, as go-yaml v3 recognises merges. */
    static boolean isMergeKey(Node key) {
        if (!(key instanceof ScalarNode s) || !"<<".equals(s.getValue())) {
            return false;
        }
        Tag tag = s.getTag();
        return Scalars.PLAIN.equals(tag) || Tag.MERGE.equals(tag) || (Tag.STR.equals(tag) && !s.isPlain());
    }
}
