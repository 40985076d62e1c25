package io.jenkins.plugins.roiergasias.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * The plugin's Jelly views, read as XML (they cannot be rendered without Jenkins). Each must be
 * escape-by-default, and no {@code ${%…}} message may hold parentheses that Stapler would take for
 * arguments: in {@code ${%CA certificate (PEM)}} it reads the key {@code "CA certificate "} and the
 * argument expression {@code PEM}, so the title renders cut short, and
 * {@code ${%Skip TLS (test clusters only)}} does not compile at all, which stops the whole
 * Manage Jenkins → System page at the plugin's section.
 */
class JellyViewsTest {
    /** What Stapler's InternationalizedStringExpression accepts as {@code %key(arg,…)}: plain property paths. */
    private static final Pattern MESSAGE_WITH_ARGUMENTS =
            Pattern.compile("%[^()]*\\S\\([A-Za-z_][\\w.]*(,[A-Za-z_][\\w.]*)*\\)");

    @Test
    void everyViewIsEscapeByDefaultAndItsMessagesHaveNoStrayParentheses() throws Exception {
        List<Path> views = views();
        assertTrue(views.size() >= 6, "views found: " + views);
        List<String> problems = new ArrayList<>();
        for (Path view : views) {
            Document doc = parse(view);
            if (!escapeByDefault(doc)) {
                problems.add(view + ": no <?jelly escape-by-default='true'?>");
            }
            for (String text : texts(doc.getDocumentElement(), new ArrayList<>())) {
                for (String message : messages(text)) {
                    String problem = problem(message);
                    if (problem != null) {
                        problems.add(view + ": ${" + message + "}: " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckCatchesTheMessagesThatBrokeTheSystemPage() {
        assertFalse(messages("${%Skip TLS verification (test clusters only)}").stream()
                .allMatch(m -> problem(m) == null));
        assertFalse(messages("x ${%CA certificate (PEM)} y").stream().allMatch(m -> problem(m) == null));
        assertFalse(messages("${%Pod retries (backoffLimit)}").stream().allMatch(m -> problem(m) == null));
        assertEquals(List.of("%Skip TLS verification, for test clusters only"),
                messages("${%Skip TLS verification, for test clusters only}"));
        assertEquals(null, problem("%Skip TLS verification, for test clusters only"));
        assertEquals(null, problem("%Built by {0}(it.user.name)"), "a real argument stays allowed");
        assertFalse(messages("${%never closed").stream().allMatch(m -> problem(m) == null));
        assertEquals(List.of("%a{b}"), messages("${%a{b}}"));
    }

    /** Why Stapler would misread this message, or null. */
    static String problem(String message) {
        if (message.indexOf('(') < 0 && message.indexOf(')') < 0) {
            return null;
        }
        if (MESSAGE_WITH_ARGUMENTS.matcher(message).matches()) {
            return null;
        }
        return "Stapler reads what stands in parentheses as message arguments; write the text without them";
    }

    /** The {@code %…} bodies of every {@code ${%…}} in a text, with nested braces balanced. */
    static List<String> messages(String text) {
        List<String> found = new ArrayList<>();
        int from = 0;
        while ((from = text.indexOf("${%", from)) >= 0) {
            int depth = 0;
            int end = -1;
            for (int i = from + 2; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = i;
                        break;
                    }
                    depth--;
                }
            }
            if (end < 0) {
                found.add(text.substring(from + 2) + " (not closed)");
                break;
            }
            found.add(text.substring(from + 2, end));
            from = end + 1;
        }
        return found;
    }

    private static List<Path> views() throws IOException {
        Path resources = Path.of(System.getProperty("roiergasias.project.dir", ".."), "src", "main", "resources");
        try (Stream<Path> files = Files.walk(resources)) {
            return files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
    }

    private static Document parse(Path view) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(view.toFile());
    }

    private static boolean escapeByDefault(Document doc) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof ProcessingInstruction pi
                    && pi.getTarget().equals("jelly")
                    && pi.getData().replace('"', '\'').replace(" ", "").equals("escape-by-default='true'")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(Node node, List<String> into) {
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                into.add(((Attr) attributes.item(i)).getValue());
            }
        }
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            into.add(node.getNodeValue());
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            texts(child, into);
        }
        return into;
    }
}
