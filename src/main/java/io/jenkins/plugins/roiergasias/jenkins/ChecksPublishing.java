package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.checks.api.ChecksConclusion;
import io.jenkins.plugins.checks.api.ChecksDetails;
import io.jenkins.plugins.checks.api.ChecksOutput;
import io.jenkins.plugins.checks.api.ChecksPublisherFactory;
import io.jenkins.plugins.checks.api.ChecksStatus;
import io.jenkins.plugins.roiergasias.page.CheckText;
import jenkins.model.Jenkins;

/**
 * One check per workflow run through the Checks API plugin (e.g. the Checks tab of a GitHub pull
 * request), in progress when the run starts and completed with a per-segment summary when it ends.
 * Loaded only when the Checks API plugin is installed; a dry run publishes nothing.
 */
@Extension(optional = true)
public final class ChecksPublishing extends RunPublisher {
    @Override
    protected void publish(@NonNull RoiergasiasAction action) {
        Run<?, ?> run = action.getRun();
        if (run == null || action.isDryRun()) {
            return;
        }
        CheckText check = CheckText.of(action.getUrlName(), action.getSource(), action.getReport(), action.isRunning());
        ChecksDetails.ChecksDetailsBuilder details = new ChecksDetails.ChecksDetailsBuilder()
                .withName(check.name())
                .withStatus(check.completed() ? ChecksStatus.COMPLETED : ChecksStatus.IN_PROGRESS)
                .withConclusion(ChecksConclusion.valueOf(check.conclusion().name()))
                .withOutput(new ChecksOutput.ChecksOutputBuilder()
                        .withTitle(check.title())
                        .withSummary(check.summary())
                        .build());
        String root = Jenkins.get().getRootUrl();
        if (root != null) {
            details.withDetailsURL(root + run.getUrl() + action.getUrlName() + "/");
        }
        ChecksPublisherFactory.fromRun(run, TaskListener.NULL).publish(details.build());
    }
}
