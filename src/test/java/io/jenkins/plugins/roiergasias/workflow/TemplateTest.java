package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{env:([A-Za-z0-9_-]+)}}");

    @Test
    void theReferenceEnginesExamples() {
        Map<String, String> env = Map.of("A", "valA", "my-var", "m", "_", "u", "-lead", "l", "INDIRECT", "TARGET");
        assertEquals("valA}", Template.resolve("{{env:A}}}", env::get));
        assertEquals("{{valA}}", Template.resolve("{{{{env:A}}}}", env::get));
        assertEquals("m u l", Template.resolve("{{env:my-var}} {{env:_}} {{env:-lead}}", env::get));
        assertEquals("{{ env:A }} {{env: A}} {{ENV:A}} {{env:}} {{env:A.B}} $A ${A}",
                Template.resolve("{{ env:A }} {{env: A}} {{ENV:A}} {{env:}} {{env:A.B}} $A ${A}", env::get));
        assertEquals("{{env:TARGET}}", Template.resolve("{{env:{{env:INDIRECT}}}}", env::get));
        assertEquals("[]", Template.resolve("[{{env:UNDEFINED}}]", env::get));
    }

    /** The scanner finds exactly what the reference's regular expression finds. */
    @Property(tries = 2000)
    void sameAsTheRegularExpression(@ForAll("templateLike") String text) {
        StringBuilder expected = new StringBuilder();
        Matcher m = REFERENCE.matcher(text);
        int last = 0;
        while (m.find()) {
            expected.append(text, last, m.start()).append('<').append(m.group(1)).append('>');
            last = m.end();
        }
        expected.append(text.substring(last));
        assertEquals(expected.toString(), Template.resolve(text, n -> "<" + n + ">"));
    }

    @Provide
    Arbitrary<String> templateLike() {
        return Arbitraries.of("{{env:", "}}", "}", "{", "A", "b-1", "_", " ", ".", "env:", "{{", "ü")
                .list().ofMaxSize(12).map(l -> String.join("", l));
    }
}
