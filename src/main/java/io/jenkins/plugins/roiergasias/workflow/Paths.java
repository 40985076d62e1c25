package io.jenkins.plugins.roiergasias.workflow;

import java.util.regex.Pattern;

/** Paths inside a workflow document as messages show them: {@code task[2].sequential[0].print}. */
final class Paths {
    private static final Pattern BARE = Pattern.compile("[\\p{L}\\p{N}_-]+");

    private Paths() {}

    static String key(String parent, String key) {
        String segment = BARE.matcher(key).matches() ? key : "[" + Scalars.quote(key) + "]";
        if (parent.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? parent + segment : parent + "." + segment;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
