package io.jenkins.plugins.roiergasias.transfer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** Which files of a work directory come back, and the warning for an outputs glob that found nothing. */
public final class Outputs {
    private Outputs() {}

    /** The wanted names among the candidates (new or changed files of the work directory), in their order. */
    public static List<String> pick(Collection<String> candidates, TransferSpec spec) {
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            if (spec.isOutput(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Warns about every outputs glob that none of the files the segment wrote matches.
     *
     * @param present every file of the work directory after the segment (earlier outputs too)
     */
    public static void warnUnmatched(String segmentLabel, Collection<String> present, TransferSpec spec,
            Consumer<String> warn) {
        BitSet used = new BitSet();
        for (String name : present) {
            if (!spec.excludes().matches(name)) {
                int i = spec.outputs().matching(name);
                if (i >= 0) {
                    used.set(i);
                }
            }
        }
        for (int i = 0; i < spec.outputs().patterns().size(); i++) {
            if (!used.get(i)) {
                warn.accept("warning: " + segmentLabel + " wrote no file that the outputs glob \""
                        + spec.outputs().patterns().get(i) + "\" asks for");
            }
        }
    }
}
