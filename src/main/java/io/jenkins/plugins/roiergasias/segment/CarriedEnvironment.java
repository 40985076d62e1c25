package io.jenkins.plugins.roiergasias.segment;

import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment items a segment starts with: the workflow's global items, then one item per
 * {@code environment} step of the earlier segments, unresolved, in document order.
 *
 * <p>Applying these items in order is all a segment does with them, so an assignment that a later
 * item overwrites before any value refers to the variable cannot change anything: it is dropped.
 * Without that, every segment of a workflow with many pinned tasks would carry every earlier
 * assignment, and the programs of all segments together would grow with the square of the
 * workflow's length. Values are never resolved here; what is kept is kept as written.
 */
final class CarriedEnvironment {
    /** Live items by insertion id, in order. */
    private final LinkedHashMap<Long, EnvItem> items = new LinkedHashMap<>();
    /** For each variable, the id of the item whose assignment is the current one. */
    private final Map<String, Long> setter = new HashMap<>();
    /** Variables whose current assignment some later value refers to: that assignment must stay. */
    private final Set<String> read = new HashSet<>();
    private long nextId;
    /** What the live items cost, as {@link Segmenter#bytes} counts. */
    private long bytes;

    CarriedEnvironment(List<EnvItem> global) {
        for (EnvItem item : global) {
            add(item);
        }
    }

    void add(EnvItem item) {
        long id = nextId++;
        // The item's values are resolved before any of its variables is set: they read the
        // assignments made so far, including those of variables the item sets again.
        for (EnvVar v : item.vars()) {
            if (v.value().contains("{{env:")) {
                read.addAll(Template.names(v.value()));
            }
        }
        for (EnvVar v : item.vars()) {
            Long previous = setter.put(v.name(), id);
            if (previous != null && previous != id && !read.contains(v.name())) {
                drop(previous, v.name());
            }
            read.remove(v.name());
        }
        items.put(id, item);
        bytes += Segmenter.bytes(List.of(item));
    }

    private void drop(long id, String name) {
        EnvItem item = items.get(id);
        bytes -= Segmenter.bytes(List.of(item));
        List<EnvVar> kept = new ArrayList<>(item.vars().size());
        for (EnvVar v : item.vars()) {
            if (!v.name().equals(name)) {
                kept.add(v);
            }
        }
        if (kept.isEmpty()) {
            items.remove(id);
        } else {
            EnvItem rest = new EnvItem(kept, item.position());
            items.put(id, rest);
            bytes += Segmenter.bytes(List.of(rest));
        }
    }

    long bytes() {
        return bytes;
    }

    List<EnvItem> items() {
        return new ArrayList<>(items.values());
    }
}
