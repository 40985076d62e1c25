package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code docs/workflow.schema.json}, the schema editors use to complete and check workflow files,
 * agrees with the parser: it accepts what the parser accepts and rejects the structural errors a
 * schema can express.
 */
class WorkflowSchemaTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static JsonNode schemaJson;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        String projectDir = System.getProperty("roiergasias.project.dir", ".");
        Path file = Path.of(projectDir, "docs", "workflow.schema.json");
        if (!Files.exists(file)) {
            file = Path.of("..", "docs", "workflow.schema.json");
        }
        schemaJson = new ObjectMapper().readTree(file.toFile());
        JsonMetaSchema v7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                .keywords(List.of(
                        // editor-only keywords of the YAML language server
                        new NonValidationKeyword("markdownDescription"), new NonValidationKeyword("defaultSnippets")))
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V7, b -> b.metaSchema(v7).defaultMetaSchemaIri(v7.getIri()));
        schema = factory.getSchema(schemaJson);
    }

    /** The first document of a YAML text as JSON, typed like the parser types it; null if it cannot be read. */
    @CheckForNull
    static JsonNode toJson(String yaml) {
        Problems problems = new Problems("s.yaml", 1_000_000);
        Node root;
        try {
            root = new YamlLoader(problems).load(yaml);
        } catch (RuntimeException e) {
            return null;
        }
        if (problems.hasErrors()) {
            return null;
        }
        return root == null ? JSON.nullNode() : convert(root, new Mappings(problems), 0);
    }

    private static JsonNode convert(Node node, Mappings mappings, int depth) {
        if (depth > 64) {
            throw new IllegalStateException("recursive document");
        }
        if (node instanceof MappingNode map) {
            ObjectNode object = JSON.objectNode();
            for (Mappings.Entry e : mappings.entries(map, "")) {
                object.set(e.key() == null ? "?" : e.key(), convert(e.value(), mappings, depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode array = JSON.arrayNode();
            seq.getValue().forEach(item -> array.add(convert(item, mappings, depth + 1)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        return switch (Scalars.kind(scalar)) {
            case STRING -> JSON.textNode(text);
            case BOOLEAN -> JSON.booleanNode(text.equalsIgnoreCase("true"));
            case NULL -> JSON.nullNode();
            case NUMBER -> number(text);
        };
    }

    private static JsonNode number(String text) {
        String plain = text.replace("_", "");
        if (Scalars.isGoInteger(plain)) {
            boolean negative = plain.startsWith("-");
            String body = plain.replaceFirst("^[-+]", "");
            int radix = 10;
            if (body.matches("0[xX].+")) {
                radix = 16;
                body = body.substring(2);
            } else if (body.matches("0[oO].+")) {
                radix = 8;
                body = body.substring(2);
            } else if (body.matches("0[bB].+")) {
                radix = 2;
                body = body.substring(2);
            } else if (body.length() > 1 && body.startsWith("0")) {
                radix = 8;
            }
            BigInteger value = new BigInteger(body, radix);
            return JSON.numberNode(negative ? value.negate() : value);
        }
        String lower = plain.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return JSON.numberNode(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (lower.endsWith(".nan")) {
            return JSON.numberNode(Double.NaN);
        }
        return JSON.numberNode(new java.math.BigDecimal(plain));
    }

    private static Set<ValidationMessage> validate(String yaml) {
        JsonNode json = toJson(yaml);
        assertNotNull(json, () -> "not readable as YAML: " + yaml);
        return schema.validate(json);
    }

    /**
     * Errors that JSON cannot show to a schema: duplicate keys (gone once the document is a JSON
     * object) and a version written as a number equal to 0.1 ({@code 1e-1}, {@code 0.100}).
     */
    private static boolean schemaCannotSee(Diagnostic error, String yaml) {
        if (error.message().startsWith("duplicate key") || error.message().contains("merge key")) {
            return true;
        }
        if (error.path().equals("version") && error.message().startsWith("unsupported version")) {
            JsonNode version = toJson(yaml).get("version");
            return version != null && version.isNumber() && version.doubleValue() == 0.1;
        }
        return false;
    }

    @Test
    void isAValidDraft07Schema() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"));
        assertEquals(Set.of(), metaSchema.validate(schemaJson));
        assertEquals("http://json-schema.org/draft-07/schema#", schemaJson.get("$schema").asText());
        assertTrue(schemaJson.get("description").asText().length() > 20);
    }

    @TestFactory
    Stream<DynamicTest> agreesWithTheParserOnEveryConformanceCase() {
        return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String yaml = c.text();
            ParseResult result = WorkflowParser.parse(c.name() + ".yaml", yaml);
            JsonNode json = toJson(yaml);
            if (result.ok()) {
                assertNotNull(json);
                assertEquals(Set.of(), schema.validate(json), c.name() + " is accepted by the parser");
            } else if (json != null && !result.errors().stream().allMatch(e -> schemaCannotSee(e, yaml))) {
                assertFalse(schema.validate(json).isEmpty(), () -> c.name() + " is rejected by the parser: "
                        + result.errors());
            }
        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version: 0.1\ntask:\n  sequential: []\n",
        "version: 0.1\ntask: []\n",
        "version: 0.1\ntask:\n",
        "task: [{sequential: []}]\n",
        "version: 0.2\ntask: [{sequential: []}]\n",
        "version: \"v0.1\"\ntask: [{sequential: []}]\n",
        "version: 0.1\n",
        "version: 0.1\ntasks: [{sequential: []}]\n",
        "version: 0.1\ntasks: x\ntask: [{sequential: []}]\n",
        "version: 0.1\ntask: [\"x\"]\n",
        "version: 0.1\ntask: [{sequential: [], parallel: []}]\n",
        "version: 0.1\ntask: [{sequential: null}]\n",
        "version: 0.1\ntask: [{sequential: {print: [x]}}]\n",
        "version: 0.1\ntask: [{node: 1, sequential: []}]\n",
        "version: 0.1\ntask: [{sequential: [\"print\"]}]\n",
        "version: 0.1\ntask: [{sequential: [{}]}]\n",
        "version: 0.1\ntask: [{sequential: [{exec: [\"ls\"]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{print: [\"a\"], execute: [\"b\"]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{print: \"x\"}]}]\n",
        "version: 0.1\ntask: [{sequential: [{print: null}]}]\n",
        "version: 0.1\ntask: [{sequential: [{print: [42]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{execute: [true]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{execute: [{echo a: b}]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{environment: [\"A=1\"]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{environment: {A: 1}}]}]\n",
        "version: 0.1\ntask: [{sequential: [{environment: [{A: [1]}]}]}]\n",
        "version: 0.1\ntask: [{sequential: [{environment: [null]}]}]\n",
        "version: 0.1\nenvironment: {A: 1}\ntask: [{sequential: []}]\n",
        "version: 0.1\nenvironment: [{\"\": x}]\ntask: [{sequential: []}]\n",
        "version: 0.1\nenvironment: [{\"A=B\": x}]\ntask: [{sequential: []}]\n",
        "version: 0.1\nenvironment: [{A: \"a\\0b\"}]\ntask: [{sequential: []}]\n",
        "version: 0.1\nnode: [a]\ntask: [{sequential: []}]\n",
        "null\n",
        "- a\n",
    })
    void rejectsStructuralErrors(String yaml) {
        assertFalse(WorkflowParser.parse("w.yaml", yaml).ok(), "the parser rejects it");
        assertFalse(validate(yaml).isEmpty(), "the schema rejects it");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version: 0.1\ntask: [{sequential: []}]\n",
        "version: \"0.1\"\ntask: [{sequential: []}]\n",
        "version: 0.10\ntask: [{sequential: []}]\n",
        "version: '0.10'\ntask: [{sequential: []}]\n",
        "version: 0.1\nnode: x\nextra: {any: thing}\ntask: [{node: \"\", sequential: []}, {node: ~, sequential: []}]\n",
        "version: 0.1\nenvironment:\ntask: [{sequential: []}]\n",
        "version: 0.1\nenvironment: [~, {}, {A: 42, B: 1.50, C: true, D: ~, E: 0x1F, F: \"s\"}]\ntask: [{sequential: []}]\n",
        "version: 0.1\ntask: [{sequential: [{print: []}, {execute: [\"ls\", yes]}, {environment: [{A: 1}, {}]}]}]\n",
        "version: 0.1\nd: &d {node: n1}\ntask: [{<<: *d, sequential: [{print: [\"x\"]}]}]\n",
        "version: 0.1\ntask: [{}, ~, {node: n1}, {node: n2, sequential: [{print: [\"x\"]}]}]\n",
    })
    void acceptsValidWorkflows(String yaml) {
        assertTrue(WorkflowParser.parse("w.yaml", yaml).ok(), "the parser accepts it");
        assertEquals(Set.of(), validate(yaml), "the schema accepts it");
    }

    @Test
    void acceptsGeneratedValidWorkflows() {
        for (long seed = 0; seed < 300; seed++) {
            GeneratedWorkflow workflow = GeneratedWorkflow.random(seed);
            for (boolean flow : new boolean[] {false, true}) {
                String yaml = workflow.render(flow);
                assertTrue(WorkflowParser.parse("w.yaml", yaml).ok(), yaml);
                assertEquals(Set.of(), validate(yaml), yaml);
            }
        }
    }
}
