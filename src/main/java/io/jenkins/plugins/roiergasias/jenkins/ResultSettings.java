package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.run.RetryPolicy;
import io.jenkins.plugins.roiergasias.transfer.SafeWriter;
import io.jenkins.plugins.roiergasias.transfer.TransferException;
import java.io.Serializable;

/**
 * What a step does with its results and failures ({@code junit}, {@code propagate}, {@code retries},
 * {@code retryOn}), as the user wrote them; kept apart from the other settings so that they persist
 * with the step.
 */
record ResultSettings(@CheckForNull String junit, boolean propagate, int retries, @CheckForNull String retryOn)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws AbortException for a junit path that leaves the workspace, a negative retries, an unknown retryOn */
    static ResultSettings of(@CheckForNull String junit, boolean propagate, @CheckForNull Integer retries,
            @CheckForNull String retryOn) throws AbortException {
        ResultSettings r = new ResultSettings(junit, propagate, retries == null ? 0 : retries, retryOn);
        r.retryPolicy();
        if (junit != null) {
            try {
                SafeWriter.checkName(junit);
            } catch (TransferException e) {
                throw new AbortException("junit: '" + junit + "' must be a path relative to the workspace, without ..");
            }
        }
        return r;
    }

    RetryPolicy retryPolicy() throws AbortException {
        try {
            return RetryPolicy.of(retries, retryOn);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** The choices of {@code retryOn}, the default first. */
    static ListBoxModel retryOnItems() {
        ListBoxModel m = new ListBoxModel();
        m.add(Messages.ResultSettings_retryOnInfrastructure(), "infrastructure");
        m.add(Messages.ResultSettings_retryOnAny(), "any");
        return m;
    }

    static FormValidation checkRetries(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            RetryPolicy.of(Integer.parseInt(v), null);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkJunit(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        try {
            of(v, true, null, null);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
