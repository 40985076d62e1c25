package io.jenkins.plugins.roiergasias.settings;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.TemplatePolicy;
import java.util.List;
import java.util.TreeMap;

/**
 * The check of a step's own templates ({@code jobTemplate}, {@code nodeTemplates}) when the
 * administrator restricts them: each refused field becomes one error naming the template and the
 * field, then one line that says what to do. The global templates are not checked.
 */
final class StepTemplates {
    private StepTemplates() {}

    static void check(StepSettings step, List<String> errors) {
        int before = errors.size();
        for (String refusal : TemplatePolicy.refusals(step.jobTemplate())) {
            errors.add("jobTemplate: " + refusal + ".");
        }
        if (step.nodeTemplates() != null) {
            new TreeMap<>(step.nodeTemplates()).forEach((node, yaml) -> {
                for (String refusal : TemplatePolicy.refusals(yaml)) {
                    errors.add("nodeTemplates[" + node + "]: " + refusal + ".");
                }
            });
        }
        if (errors.size() > before) {
            errors.add("A step's template may not give its pod rights on the node, the API server or storage outside"
                    + " the namespace (docs/kubernetes.md, \"Restricted step templates\"). Remove these fields, or ask"
                    + " an administrator to put them into the global job template, or to turn off \"Restrict step"
                    + " templates\" under Manage Jenkins → System → roiergasias.");
        }
    }
}
