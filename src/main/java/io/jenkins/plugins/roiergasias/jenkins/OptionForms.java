package io.jenkins.plugins.roiergasias.jenkins;

import hudson.util.FormValidation;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.QueryParameter;

/**
 * The form checks of the options a cluster and a step both have, for their descriptors to
 * implement. Stapler finds web methods on the interfaces of a class (its {@code ClassDescriptor}
 * walks them before the class), and Jenkins finds a field's {@code doCheck} method with
 * {@code Class.getMethods()}, which lists default methods. Public, as Stapler calls them by
 * reflection from its own package. Each check reads nothing but its value.
 */
@Restricted(NoExternalUse.class)
public interface OptionForms {
    default FormValidation doCheckServerUrl(@QueryParameter String value) {
        return FormSupport.checkOption(value, null, null, null);
    }

    default FormValidation doCheckNamespace(@QueryParameter String value) {
        return FormSupport.checkOption(null, value, null, null);
    }

    default FormValidation doCheckImage(@QueryParameter String value) {
        return FormSupport.checkOption(null, null, value, null);
    }

    default FormValidation doCheckNodeLabelKey(@QueryParameter String value) {
        return FormSupport.checkOption(null, null, null, value);
    }

    default FormValidation doCheckSegmentTimeout(@QueryParameter String value) {
        return FormSupport.checkDuration("segmentTimeout", value);
    }

    default FormValidation doCheckPendingTimeout(@QueryParameter String value) {
        return FormSupport.checkDuration("pendingTimeout", value);
    }

    default FormValidation doCheckBackoffLimit(@QueryParameter String value) {
        return FormSupport.checkBackoffLimit(value);
    }
}
