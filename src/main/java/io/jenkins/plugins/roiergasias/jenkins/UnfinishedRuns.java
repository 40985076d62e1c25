package io.jenkins.plugins.roiergasias.jenkins;

import hudson.Extension;
import hudson.model.Run;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The safety net of the build page: when a build is over, none of its workflow runs may still say
 * "running" (a path that ended the step without ending the action, a build cut short). Each
 * such run ends as an error that says so.
 */
@Extension
public final class UnfinishedRuns extends hudson.model.listeners.RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(UnfinishedRuns.class.getName());

    @Override
    public void onFinalized(Run<?, ?> run) {
        boolean changed = false;
        for (RoiergasiasAction a : run.getActions(RoiergasiasAction.class)) {
            changed |= a.endWith(Messages.UnfinishedRuns_ended(a.getRunId()));
        }
        if (changed) {
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save " + run, e);
            }
        }
    }
}
