package io.jenkins.plugins.roiergasias.kubernetes;

import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;

/** Keeps the promise of {@link RunListener}: one call at a time, although logs and progress come from two threads. */
final class SerialListener implements RunListener {
    private final RunListener delegate;

    SerialListener(RunListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void output(Segment segment, String text, boolean newline) {
        delegate.output(segment, text, newline);
    }

    @Override
    public synchronized void progress(String message) {
        delegate.progress(message);
    }

    @Override
    public synchronized void segmentStarted(Segment segment) {
        delegate.segmentStarted(segment);
    }

    @Override
    public synchronized void stepStarted(Segment segment, int step) {
        delegate.stepStarted(segment, step);
    }

    @Override
    public synchronized void stepFinished(Segment segment, StepReport step) {
        delegate.stepFinished(segment, step);
    }

    @Override
    public synchronized void segmentFinished(Segment segment, SegmentReport report) {
        delegate.segmentFinished(segment, report);
    }

    @Override
    public synchronized void segmentRetrying(Segment segment, SegmentReport failed, int next) {
        delegate.segmentRetrying(segment, failed, next);
    }
}
