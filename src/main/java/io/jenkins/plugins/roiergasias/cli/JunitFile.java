package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.report.JunitXml;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.run.StepTails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code run --junit FILE}: the step results as JUnit XML, written whole or not at all. */
final class JunitFile {
    private JunitFile() {}

    /** The report and the step output in it with every secret of {@code mask} hidden. */
    static void write(Path file, RunReport report, String workflowName, StepTails tails, SecretMask mask)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            String name = workflowName.substring(workflowName.lastIndexOf('/') + 1);
            Files.writeString(tmp, JunitXml.write(mask.mask(report), name, step -> mask.mask(tails.tail(step))), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
