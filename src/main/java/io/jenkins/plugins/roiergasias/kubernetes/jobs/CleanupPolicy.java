package io.jenkins.plugins.roiergasias.kubernetes.jobs;

/** What happens to a segment's Job and ConfigMap after it ends. Aborted segments are always deleted. */
public enum CleanupPolicy {
    /** Delete them whatever the outcome (the default). */
    ALWAYS,
    /** Keep them when the segment failed, for {@code kubectl logs} and {@code describe}. */
    KEEP_ON_FAILURE,
    /** Keep them; {@code ttlSecondsAfterFinished} still applies. */
    NEVER
}
