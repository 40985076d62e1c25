package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * A Job/Pod template for the segments pinned to one node value, merged on top of the common
 * {@code jobTemplate}: the repeatable entry of the freestyle step and the global configuration
 * (the Pipeline step also takes a map, {@code nodeTemplates: [gpu: '''...''']}).
 */
public final class NodeTemplate extends AbstractDescribableImpl<NodeTemplate> {
    private final String node;
    private final String template;

    @DataBoundConstructor
    public NodeTemplate(String node, String template) {
        this.node = Util.fixEmptyAndTrim(node);
        this.template = template;
    }

    public String getNode() {
        return node;
    }

    public String getTemplate() {
        return template;
    }

    /** The entries by node, as the engine's settings take them; a later entry for a node wins. */
    @NonNull
    static Map<String, String> toMap(@CheckForNull List<NodeTemplate> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        if (entries != null) {
            for (NodeTemplate e : entries) {
                out.put(e.node == null ? "" : e.node, e.template);
            }
        }
        return out;
    }

    /** Entries from a Pipeline map {@code [node: 'yaml']}. */
    @NonNull
    static List<NodeTemplate> fromMap(@NonNull Map<?, ?> map) {
        List<NodeTemplate> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(new NodeTemplate(String.valueOf(k), v == null ? null : String.valueOf(v))));
        return out;
    }

    @Extension
    public static class DescriptorImpl extends Descriptor<NodeTemplate> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.NodeTemplate_DisplayName();
        }

        public FormValidation doCheckNode(@QueryParameter String value) {
            return FormSupport.checkNodeTemplates(Map.of(value == null ? "" : value.strip(), "spec: {}"));
        }
    }
}
