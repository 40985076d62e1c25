package io.jenkins.plugins.roiergasias.jenkins;

import hudson.model.InvisibleAction;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.transfer.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What each segment moved in and out of its pod; shown in the build's summary. */
public final class RoiergasiasFilesAction extends InvisibleAction {
    /** One segment's files, for the page (a class, not a record: build.xml is written by XStream). */
    public static final class Line {
        private final int segment;
        private final int filesIn;
        private final String bytesIn;
        private final int filesOut;
        private final String bytesOut;

        Line(int segment, int filesIn, String bytesIn, int filesOut, String bytesOut) {
            this.segment = segment;
            this.filesIn = filesIn;
            this.bytesIn = bytesIn;
            this.filesOut = filesOut;
            this.bytesOut = bytesOut;
        }

        public int getSegment() {
            return segment;
        }

        public int getFilesIn() {
            return filesIn;
        }

        public String getBytesIn() {
            return bytesIn;
        }

        public int getFilesOut() {
            return filesOut;
        }

        public String getBytesOut() {
            return bytesOut;
        }
    }

    private final List<Line> lines = new ArrayList<>();

    RoiergasiasFilesAction(Map<Integer, PodTransfer.Moved> moved) {
        moved.forEach((i, m) -> lines.add(new Line(i + 1, m.filesIn(), Sizes.human(m.in()), m.filesOut(),
                Sizes.human(m.out()))));
    }

    public List<Line> getLines() {
        return List.copyOf(lines);
    }
}
