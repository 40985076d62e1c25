package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Object names, labels and fixed paths of the objects the runner creates. Names are stable (a
 * resumed run computes them again from the run id) and short: a Job name feeds the pod names and the
 * {@code job-name} label, so it must stay at most 52 characters; {@code <runId>-s<index>} is at most
 * 20 + 2 + 4.
 */
public final class Names {
    /** The label every object created by roiergasias carries. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    public static final String MANAGER = "roiergasias";
    public static final String RUN_LABEL = "roiergasias.jenkins.io/run";
    public static final String SEGMENT_LABEL = "roiergasias.jenkins.io/segment";
    public static final String SEGMENT_ANNOTATION = "roiergasias.jenkins.io/segment-label";
    /** On the Job and pods of a retry of a segment (2 for the first retry); the first attempt has none. */
    public static final String ATTEMPT_LABEL = "roiergasias.jenkins.io/attempt";

    /** The container that runs the program; a template container of this name is the one used. */
    public static final String CONTAINER = "roiergasias";

    public static final String VOLUME = "roiergasias-program";
    public static final String MOUNT_PATH = "/roiergasias";
    public static final String PROGRAM_KEY = "program.sh";
    public static final String SEGMENT_KEY = "segment.yaml";
    public static final String TERMINATION_LOG = "/dev/termination-log";

    static final int MAX_JOB_NAME = 52;
    static final int MAX_RUN_ID = 20;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private Names() {}

    /** Throws when {@code runId} is not a DNS-1123 label of at most 20 characters. */
    public static String checkRunId(String runId) {
        if (runId.length() > MAX_RUN_ID || !DNS_LABEL.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be a DNS-1123 label of at most " + MAX_RUN_ID
                    + " characters starting with a letter (see RunIds.create): " + runId);
        }
        return runId;
    }

    /** The Job of segment {@code index} (0-based); the ConfigMap has the same name. */
    public static String job(String runId, int index) {
        return checkRunId(runId) + "-s" + (index + 1);
    }

    /**
     * The Job of attempt {@code attempt} (1 for the first) of segment {@code index}: a retry is a new
     * Job, {@code <runId>-s<N>-r<attempt - 1>}, so that a restart re-attaches to the right attempt;
     * its ConfigMap and Secret are the segment's.
     */
    public static String job(String runId, int index, int attempt) {
        return attempt <= 1 ? job(runId, index) : job(runId, index) + "-r" + (attempt - 1);
    }

    /** The attempt a Job name of this run belongs to (see {@link #job(String, int, int)}); 1 for null. */
    public static int attemptOf(@edu.umd.cs.findbugs.annotations.CheckForNull String job) {
        java.util.regex.Matcher m = job == null ? null : RETRY.matcher(job);
        return m != null && m.matches() ? Integer.parseInt(m.group(1)) + 1 : 1;
    }

    private static final Pattern RETRY = Pattern.compile(".*-s\\d+-r(\\d{1,2})");

    /** The ConfigMap of segment {@code index}. */
    public static String configMap(String runId, int index) {
        return job(runId, index);
    }

    /** The Secret of segment {@code index}, when the run passes secret variables. */
    public static String secret(String runId, int index) {
        return job(runId, index);
    }

    /** The labels of every object of one segment, pod template included. */
    public static Map<String, String> labels(String runId, int index) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(RUN_LABEL, runId);
        labels.put(SEGMENT_LABEL, Integer.toString(index + 1));
        return labels;
    }

    /** The selector of a segment's pods (its own labels, so it does not depend on the Job controller's). */
    public static Map<String, String> podSelector(String runId, int index) {
        return labels(runId, index);
    }

    /** The selector of the pods of one attempt; the first attempt's also matches later ones, which start after it ended. */
    public static Map<String, String> podSelector(String runId, int index, int attempt) {
        Map<String, String> labels = labels(runId, index);
        if (attempt > 1) {
            labels.put(ATTEMPT_LABEL, Integer.toString(attempt));
        }
        return labels;
    }
}
