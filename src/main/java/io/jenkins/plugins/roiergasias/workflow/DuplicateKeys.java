package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reports keys defined twice in one mapping, anywhere in the document (snakeyaml's composer does
 * not check; the reference rejects them). Every node is visited once, however many aliases point
 * to it (only anchored nodes can be reached twice, so only they are remembered), without
 * recursion, and each mapping's keys go through one hash map: linear time.
 */
final class DuplicateKeys {
    private DuplicateKeys() {}

    /** A node to visit, and how it was reached, to build its path only when it is needed. */
    private record Visit(Node node, @CheckForNull Visit parent, String segment, boolean index) {
        String path() {
            if (parent == null) {
                return "";
            }
            String up = parent.path();
            return index ? up + segment : Paths.key(up, segment);
        }
    }

    /** Mappings up to this size are checked by comparing keys pairwise, without a hash map. */
    private static final int SMALL_MAPPING = 8;

    /**
     * Whether one mapping (given by its entries) defines a scalar key twice, as {@link #check}
     * compares keys: by {@link Scalars#text}.
     */
    static boolean repeatsKey(List<NodeTuple> tuples) {
        int size = tuples.size();
        if (size < 2) {
            return false;
        }
        if (size <= SMALL_MAPPING) {
            for (int i = 1; i < size; i++) {
                if (tuples.get(i).getKeyNode() instanceof ScalarNode key) {
                    String name = Scalars.text(key);
                    for (int j = 0; j < i; j++) {
                        if (tuples.get(j).getKeyNode() instanceof ScalarNode other && name.equals(Scalars.text(other))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
        Set<String> names = new HashSet<>(size * 2);
        for (NodeTuple t : tuples) {
            if (t.getKeyNode() instanceof ScalarNode key && !names.add(Scalars.text(key))) {
                return true;
            }
        }
        return false;
    }

    static void check(Node root, Problems problems) {
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, null, "", false));
        while (!stack.isEmpty()) {
            Visit visit = stack.pop();
            Node node = visit.node();
            if (node.getAnchor() != null && !visited.add(node)) {
                continue;
            }
            if (node instanceof MappingNode map) {
                List<NodeTuple> tuples = map.getValue();
                Map<String, Node> first = tuples.size() > 1 ? new HashMap<>(tuples.size() * 2) : null;
                for (NodeTuple t : tuples) {
                    if (t.getKeyNode() instanceof ScalarNode key) {
                        if (first == null) {
                            continue;
                        }
                        String name = Scalars.text(key);
                        Node previous = first.putIfAbsent(name, key);
                        if (previous != null) {
                            Position at = Problems.position(previous);
                            problems.error(key, new Visit(key, visit, name, false).path(), "duplicate key: " + Scalars.code(name)
                                    + " is already defined at line " + at.line() + ", column " + at.column()
                                    + " of this mapping; keys must be unique");
                        }
                    } else {
                        stack.push(new Visit(t.getKeyNode(), visit, "?", false));
                    }
                }
                for (int i = tuples.size() - 1; i >= 0; i--) {
                    NodeTuple t = tuples.get(i);
                    String segment = t.getKeyNode() instanceof ScalarNode key ? Scalars.text(key) : "?";
                    stack.push(new Visit(t.getValueNode(), visit, segment, false));
                }
            } else if (node instanceof SequenceNode seq) {
                List<Node> items = seq.getValue();
                for (int i = items.size() - 1; i >= 0; i--) {
                    stack.push(new Visit(items.get(i), visit, "[" + i + "]", true));
                }
            }
        }
    }
}
