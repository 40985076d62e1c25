package io.jenkins.plugins.roiergasias.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The locale the launcher changed for Java. Java 17 decodes arguments and file names with the
 * locale's charset, ASCII in the C/POSIX locale; there the launcher starts Java with {@code LC_ALL}
 * set to a UTF-8 locale and passes the caller's {@code LC_ALL} in {@value #SAVED}: {@code =VALUE},
 * or empty when it was unset. The workflow's commands and {@code --env} get the caller's back.
 */
final class LauncherLocale {
    static final String SAVED = "_rg_LC_ALL";

    private LauncherLocale() {}

    /** The environment the launcher was started with: {@code env} with the caller's {@code LC_ALL} back. */
    static Map<String, String> callers(Map<String, String> env) {
        String saved = env.get(SAVED);
        if (saved == null || !(saved.isEmpty() || saved.startsWith("="))) {
            return env;
        }
        Map<String, String> callers = new HashMap<>(env);
        callers.remove(SAVED);
        if (saved.isEmpty()) {
            callers.remove("LC_ALL");
        } else {
            callers.put("LC_ALL", saved.substring(1));
        }
        return Collections.unmodifiableMap(callers);
    }

    /**
     * What to tell when this JVM cannot name non-ASCII files ({@code java -jar} in a C locale); null
     * when it can.
     */
    @CheckForNull
    static String hint(@CheckForNull String jnuEncoding) {
        if (jnuEncoding == null || jnuEncoding.equalsIgnoreCase("UTF-8")) {
            return null;
        }
        return "roiergasias: this Java decodes arguments and file names as " + jnuEncoding + ", the locale's"
                + " charset: non-ASCII file names need a UTF-8 locale (e.g. LC_ALL=C.UTF-8) or the roiergasias launcher";
    }

    /** {@link #hint} when an argument has a character this JVM could not decode; null otherwise. */
    @CheckForNull
    static String warning(@CheckForNull String jnuEncoding, List<String> argv) {
        return argv.stream().anyMatch(a -> a.indexOf('\uFFFD') >= 0) ? hint(jnuEncoding) : null;
    }
}
