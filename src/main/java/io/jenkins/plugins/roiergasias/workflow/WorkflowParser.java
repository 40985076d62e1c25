package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates a workflow file. Never throws for any input: every problem becomes a
 * diagnostic with its line and column, and all problems of a file are reported together.
 *
 * <p>The document is composed by snakeyaml into nodes that keep their positions (only the first
 * YAML document counts, as in the reference engine), checked for duplicate keys (each mapping as
 * it is composed; the paths of duplicates are found by a second walk only when there are some), then walked
 * against format 0.1 by {@link WorkflowReader}. Scalars are typed as the reference's YAML library
 * types them ({@link Scalars}).
 */
public final class WorkflowParser {
    private static final Logger LOGGER = Logger.getLogger(WorkflowParser.class.getName());
    /**
     * Bytes a document may expand to through YAML aliases beyond what it holds itself (counted as
     * {@link Problems} counts: texts in UTF-8 plus a little per element). Aliases of aliases can make
     * a file of 66 KB expand to gigabytes of print items; re-using a list of steps in a few tasks
     * stays far below this.
     */
    static final long ALIAS_EXPANSION_ALLOWANCE = 4L * 1024 * 1024;

    private WorkflowParser() {}

    /**
     * @param source the file name used in messages
     * @param text the whole file
     */
    public static ParseResult parse(@CheckForNull String source, @CheckForNull String text) {
        String name = source == null || source.isEmpty() ? "<workflow>" : source;
        String content = text == null ? "" : text;
        Problems problems = new Problems(name, Long.MAX_VALUE);
        try {
            WorkflowReader reader = new WorkflowReader(name, problems);
            YamlLoader loader = new YamlLoader(problems, reader::prepareTask);
            Node root = loader.load(content);
            if (root == null) {
                return problems.result(null);
            }
            problems.budget(loader.ownBytes() + ALIAS_EXPANSION_ALLOWANCE);
            if (loader.hasDuplicateKeys()) {
                DuplicateKeys.check(root, problems);
            }
            return problems.result(reader.read(root));
        } catch (StackOverflowError e) {
            problems.error(Problems.START, "", "the document is nested too deeply to read");
            return problems.result(null);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, e, () -> "Unexpected failure reading " + name);
            problems.error(Problems.START, "", "internal error while reading the workflow (" + e
                    + "); please report this with the file");
            return problems.result(null);
        }
    }
}
