package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed after a restart, with its workspace on an agent, gets the inputs and the outputs
 * earlier segments brought back in one stream. Each was within the limit on its own (the inputs when
 * selected, each segment's outputs when they came back), so one limit for all of them refused a
 * resume that the uninterrupted run passed; the bound grows with the files carried, and stays a bound.
 */
class RefetchLimitTest {
    @TempDir
    Path staging;

    private static byte[] archive(int inputBytes, int outputBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        w.file("data/in.bin", inputBytes, false, 0, new ByteArrayInputStream(new byte[inputBytes]));
        w.file("out/model.bin", outputBytes, false, 0, new ByteArrayInputStream(new byte[outputBytes]));
        w.finish();
        return out.toByteArray();
    }

    @Test
    void inputsAndACarriedOutputEachWithinTheLimitAreFetchedWhole() throws Exception {
        byte[] tar = archive(600, 600);
        TransferException old = assertThrows(TransferException.class, () -> TarExtractor.extract(
                new ByteArrayInputStream(tar), new SafeWriter(staging, 1000, "maxTransferSize"), n -> true, n -> {}));
        assertEquals(true, old.getMessage().contains("larger than the limit"), old.getMessage());

        Path again = Files.createDirectories(staging.resolve("again"));
        TarExtractor.extract(new ByteArrayInputStream(tar),
                new SafeWriter(again, TransferSpec.refetchLimit(1000, 1), "maxTransferSize"), n -> true, n -> {});
        assertEquals(600, Files.size(again.resolve("out/model.bin")));
    }

    @Test
    void theBoundIsTheLimitForTheInputsAndOnePerCarriedFileNeverOverflowing() {
        assertEquals(1000, TransferSpec.refetchLimit(1000, 0));
        assertEquals(3000, TransferSpec.refetchLimit(1000, 2));
        assertEquals(Long.MAX_VALUE, TransferSpec.refetchLimit(Long.MAX_VALUE / 2, 5));
    }
}
