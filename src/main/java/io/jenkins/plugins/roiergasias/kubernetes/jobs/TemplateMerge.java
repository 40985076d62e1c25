package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays a node's template over the common one, both as plain YAML/JSON trees of the same form (a
 * Job): maps merge key by key; lists whose items are all maps with a {@code name} (containers, env,
 * volumes, volumeMounts, imagePullSecrets, ports) merge item by item on that name, new names
 * appended; any other value of the node's template (scalars, tolerations, command, args) replaces
 * the common one. This is what {@code kubectl patch} does for those fields, so a GPU node's template
 * need only name what differs: another image, resources, tolerations.
 */
public final class TemplateMerge {
    private TemplateMerge() {}

    /** A new tree: {@code top} merged over {@code base}; neither argument is changed. */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> top) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : top.entrySet()) {
            out.put(e.getKey(), value(out.get(e.getKey()), e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object base, Object top) {
        if (base instanceof Map<?, ?> b && top instanceof Map<?, ?> t) {
            return merge((Map<String, Object>) b, (Map<String, Object>) t);
        }
        if (base instanceof List<?> b && top instanceof List<?> t && named(b) && named(t)) {
            List<Object> out = new ArrayList<>(b);
            for (Object item : t) {
                Object name = ((Map<?, ?>) item).get("name");
                int at = indexOf(out, name);
                if (at < 0) {
                    out.add(item);
                } else {
                    out.set(at, value(out.get(at), item));
                }
            }
            return out;
        }
        return top;
    }

    private static boolean named(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") instanceof String);
    }

    private static int indexOf(List<Object> list, Object name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(((Map<?, ?>) list.get(i)).get("name"))) {
                return i;
            }
        }
        return -1;
    }
}
