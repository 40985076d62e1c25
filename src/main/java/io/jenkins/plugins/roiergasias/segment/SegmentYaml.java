package io.jenkins.plugins.roiergasias.segment;

import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A segment as a workflow file of its own: what {@code split} prints and what the ConfigMap of a
 * Job holds for people to read. Running it alone gives the segment's output (the carried
 * environment is in its global {@code environment}).
 */
public final class SegmentYaml {
    private SegmentYaml() {}

    /** One YAML document, starting with a comment that names the segment. */
    public static String write(Segment segment) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", segment.version());
        if (!segment.environment().isEmpty()) {
            doc.put("environment", items(segment.environment()));
        }
        List<Object> tasks = new ArrayList<>();
        for (Task task : segment.tasks()) {
            Map<String, Object> t = new LinkedHashMap<>();
            if (task.node() != null) {
                t.put("node", task.node());
            }
            List<Object> steps = new ArrayList<>();
            for (Step step : task.steps()) {
                Object args = step instanceof EnvironmentStep env ? items(env.items()) : new ArrayList<>(step.texts());
                steps.add(Map.of(step.type().key(), args));
            }
            t.put("sequential", steps);
            tasks.add(t);
        }
        doc.put("task", tasks);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return "# " + CommentText.line(segment.label()) + "\n" + new Yaml(options).dump(doc);
    }

    /** All segments as one YAML stream, documents separated by {@code ---}. */
    public static String writeAll(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            out.append("---\n").append(write(s));
        }
        return out.toString();
    }

    /**
     * Environment items as YAML maps. A name that repeats inside one item (possible in a carried
     * step item) starts a new map, since a YAML map cannot hold a key twice.
     */
    private static List<Object> items(List<EnvItem> items) {
        List<Object> list = new ArrayList<>();
        for (EnvItem item : items) {
            Map<String, String> map = new LinkedHashMap<>();
            for (EnvVar v : item.vars()) {
                if (map.containsKey(v.name())) {
                    list.add(map);
                    map = new LinkedHashMap<>();
                }
                map.put(v.name(), v.value());
            }
            list.add(map);
        }
        return list;
    }
}
