package io.jenkins.plugins.roiergasias.settings;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import java.util.Locale;

/**
 * The cleanup policy as written in a Jenkinsfile or a form: {@code always}, {@code keepOnFailure},
 * {@code never}. The enum's own names and dashed or underscored spellings are accepted too.
 */
public final class CleanupChoice {
    private CleanupChoice() {}

    /** @throws IllegalArgumentException naming the accepted values */
    public static CleanupPolicy parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        return switch (t) {
            case "always" -> CleanupPolicy.ALWAYS;
            case "keeponfailure" -> CleanupPolicy.KEEP_ON_FAILURE;
            case "never" -> CleanupPolicy.NEVER;
            default -> throw new IllegalArgumentException("cleanup '" + text.strip()
                    + "' is not a cleanup policy: use always, keepOnFailure or never");
        };
    }

    /** The name a Jenkinsfile uses. */
    public static String name(CleanupPolicy policy) {
        return switch (policy) {
            case ALWAYS -> "always";
            case KEEP_ON_FAILURE -> "keepOnFailure";
            case NEVER -> "never";
        };
    }
}
