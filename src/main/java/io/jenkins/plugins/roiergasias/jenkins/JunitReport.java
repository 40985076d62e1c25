package io.jenkins.plugins.roiergasias.jenkins;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.roiergasias.report.JunitXml;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.transfer.SafeWriter;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jenkins.MasterToSlaveFileCallable;

/**
 * Writes the {@code junit:} report into the workspace, where the {@code junit} step finds it: masked
 * as the console is, written aside and renamed, never through a symbolic link (a workflow's outputs
 * could have put one there).
 */
final class JunitReport {
    private JunitReport() {}

    static void write(FilePath workspace, String path, String source, RunReport masked, StepTails tails,
            SecretMask mask) throws IOException, InterruptedException {
        String name = source.substring(source.lastIndexOf('/') + 1);
        byte[] xml = JunitXml.write(masked, name, step -> mask.mask(tails.tail(step)))
                .getBytes(StandardCharsets.UTF_8);
        workspace.act(new WriteInside(path, xml));
    }

    private static final class WriteInside extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final byte[] content;

        WriteInside(String path, byte[] content) {
            this.path = path;
            this.content = content.clone();
        }

        @Override
        public Void invoke(File workspace, VirtualChannel channel) throws IOException {
            workspace.mkdirs();
            new SafeWriter(workspace.toPath(), content.length, "junit").write(path, new ByteArrayInputStream(content),
                    false);
            return null;
        }
    }
}
