package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.AbstractBuild;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.settings.PassEnvSelection;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The build variables {@code passEnv} names, read when a run starts (again after a restart) and
 * never persisted. A variable is secret when Jenkins says so: bound by {@code withCredentials}
 * (the {@link EnvironmentExpander#getSensitiveVariables()} the {@code sh} step warns with), a
 * password parameter, or a freestyle build wrapper's sensitive variable.
 */
final class PassEnv {
    private PassEnv() {}

    /** For the Pipeline step: the step's environment ({@code withEnv}, {@code withCredentials}, parameters). */
    @NonNull
    static PassedEnv forStep(@NonNull StepContext context, @NonNull Run<?, ?> run, @NonNull ResolvedSettings settings,
            @NonNull TaskListener listener) throws IOException, InterruptedException {
        if (settings.passEnv().isEmpty()) {
            return PassedEnv.none();
        }
        EnvVars env = context.get(EnvVars.class);
        if (env == null) {
            env = run.getEnvironment(listener);
        }
        Set<String> sensitive = sensitiveParameters(run);
        EnvironmentExpander expander = context.get(EnvironmentExpander.class);
        if (expander != null) {
            sensitive.addAll(expander.getSensitiveVariables());
        }
        return select(settings, env, sensitive, listener);
    }

    /** For the freestyle build step: the build's environment as the step receives it. */
    @NonNull
    static PassedEnv forBuild(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull ResolvedSettings settings,
            @NonNull TaskListener listener) {
        if (settings.passEnv().isEmpty()) {
            return PassedEnv.none();
        }
        Set<String> sensitive = sensitiveParameters(run);
        if (run instanceof AbstractBuild<?, ?> build) {
            sensitive.addAll(build.getSensitiveBuildVariables());
        }
        return select(settings, env, sensitive, listener);
    }

    private static Set<String> sensitiveParameters(Run<?, ?> run) {
        Set<String> names = new HashSet<>();
        ParametersAction parameters = run.getAction(ParametersAction.class);
        if (parameters != null) {
            for (ParameterValue p : parameters) {
                if (p.isSensitive()) {
                    names.add(p.getName());
                }
            }
        }
        return names;
    }

    private static PassedEnv select(
            ResolvedSettings settings, Map<String, String> env, Set<String> sensitive, TaskListener listener) {
        PassEnvSelection.Selection selection = PassEnvSelection.select(settings.passEnv(), env, sensitive);
        selection.messages().forEach(listener.getLogger()::println);
        return selection.env();
    }
}
