package io.jenkins.plugins.roiergasias.transfer;

import java.nio.charset.StandardCharsets;

/**
 * What is wrong with a file name that Java shows with U+FFFD: Java decodes file names with the
 * charset of its locale ({@code sun.jnu.encoding}), and a name that is not valid in it cannot reach
 * a pod, or come back from one, under its own name.
 */
final class FileNameCharset {
    private FileNameCharset() {}

    /** Why a name with U+FFFD (or one that cannot be encoded) does not work here, and what to do. */
    static String problem() {
        String charset = System.getProperty("sun.jnu.encoding", StandardCharsets.UTF_8.name());
        if (charset.equalsIgnoreCase("UTF-8")) {
            return "is not valid UTF-8 (written in another locale's charset), so no pod could get it under its own"
                    + " name: rename the file";
        }
        return "cannot be read in this Java's charset " + charset + ": non-ASCII file names need a UTF-8 locale"
                + " (e.g. LC_ALL=C.UTF-8)";
    }
}
