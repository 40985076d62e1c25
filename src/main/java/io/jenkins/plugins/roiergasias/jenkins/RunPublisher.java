package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Tells other systems that a workflow run started or ended, e.g. {@link ChecksPublishing} for the
 * Checks API. Implementations that need another plugin are {@code @Extension(optional = true)}:
 * without that plugin Jenkins does not load them. A publisher that fails never fails the run.
 */
public abstract class RunPublisher implements ExtensionPoint {
    private static final Logger LOGGER = Logger.getLogger(RunPublisher.class.getName());

    /** @param action the run's build page action, with its (masked) report as it stands */
    protected abstract void publish(@NonNull RoiergasiasAction action);

    /** Hands the action to every publisher; their failures are logged, never thrown. */
    static void toAll(@NonNull RoiergasiasAction action) {
        if (Jenkins.getInstanceOrNull() == null) {
            return;
        }
        for (RunPublisher p : ExtensionList.lookup(RunPublisher.class)) {
            try {
                p.publish(action);
            } catch (RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, e, () -> p.getClass().getName() + " could not publish the workflow run "
                        + action.getRunId() + " of " + action.getRun());
            }
        }
    }
}
