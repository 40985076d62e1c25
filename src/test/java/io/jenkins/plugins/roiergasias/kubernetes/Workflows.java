package io.jenkins.plugins.roiergasias.kubernetes;

import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Workflows for the tests, parsed and split as the CLI and the Jenkins step do. */
public final class Workflows {
    private Workflows() {}

    public static List<Segment> split(String yaml) {
        ParseResult r = WorkflowParser.parse("test.yaml", yaml);
        if (!r.ok()) {
            throw new IllegalArgumentException(r.errors().toString());
        }
        return Segmenter.split(r.workflow(), false);
    }

    static List<Segment> example(String name) throws IOException {
        Path dir = Path.of(System.getProperty("roiergasias.project.dir", ".."), "examples");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("examples");
        }
        return split(Files.readString(dir.resolve(name)));
    }
}
