package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two threads publish the live report: the build page ends with the newest snapshot, never an older one. */
@Timeout(30)
class LivePublishingTest {
    private final List<Segment> plan = Fixtures.helloWorld();
    private final Instant t = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void theLastSnapshotDeliveredIsTheNewest() throws Exception {
        LiveReport live = new LiveReport(plan);
        List<RunReport> page = new CopyOnWriteArrayList<>();
        CountDownLatch firstDelivering = new CountDownLatch(1);
        Thread[] second = new Thread[1];
        Consumer<RunReport> sink = report -> {
            if (page.isEmpty() && firstDelivering.getCount() == 1) {
                firstDelivering.countDown();
                // the first delivery is slow (a page save); the second thread tries to publish meanwhile
                awaitBlockedOrDone(second);
            }
            page.add(report);
        };
        Thread first = new Thread(() -> {
            live.segmentStarted(plan.get(0), t);
            live.publishTo(sink);
        });
        second[0] = new Thread(() -> {
            try {
                firstDelivering.await();
            } catch (InterruptedException e) {
                return;
            }
            live.segmentFinished(plan.get(0), live.snapshot().segments().get(0));
            live.segmentStarted(plan.get(1), t.plusSeconds(5));
            live.publishTo(sink);
        });
        first.start();
        second[0].start();
        first.join();
        second[0].join();
        RunReport last = page.get(page.size() - 1);
        assertEquals(SegmentStatus.RUNNING, last.segments().get(1).status(), "the page shows the newest state");
    }

    /** Waits until the thread is blocked on the report's lock or has ended, with a deadline. */
    private static void awaitBlockedOrDone(Thread[] t) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Thread th = t[0];
            if (th != null && (th.getState() == Thread.State.BLOCKED || th.getState() == Thread.State.TERMINATED)) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
