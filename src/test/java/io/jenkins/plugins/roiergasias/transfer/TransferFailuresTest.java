package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Two ends of one stream (the controller reading, an agent writing) fail together: which failure
 * tells the user why. The side that refused the content (a limit, a name) knows; the other side then
 * only sees its pipe closed. A stream cut short is told best by the side that cut it.
 */
class TransferFailuresTest {
    private final IOException pipeClosed = new IOException("Pipe is already closed");

    @Test
    void contentTheReaderRefusedIsTheReasonAndTheWritersFailureGoesAlong() {
        TransferException limit = new TransferException("the files are larger than the limit of 1.0 GiB"
                + " (maxTransferSize); stopped at out/big.bin");
        IOException chosen = TransferFailures.reason(limit, pipeClosed);
        assertSame(limit, chosen);
        assertArrayEquals(new Throwable[] {pipeClosed}, chosen.getSuppressed());
    }

    @Test
    void aStreamCutShortIsToldByTheWriter() {
        TransferException cut = new TransferException("the archive from the pod ended in the middle of a file", true);
        IOException disk = new IOException("data/train.csv: No space left on device");
        assertSame(disk, TransferFailures.reason(cut, disk));
        assertSame(disk, TransferFailures.reason(new IOException("Broken pipe"), disk));
    }

    @Test
    void withoutAFailureOnTheOtherSideTheLocalOneStands() {
        TransferException limit = new TransferException("too large");
        assertSame(limit, TransferFailures.reason(limit, null));
    }
}
