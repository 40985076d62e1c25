package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain scalars are typed as go-yaml v3 (the reference's YAML library) types them. */
class ScalarsTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hello        | STRING",
                "yes          | STRING",
                "no           | STRING",
                "on           | STRING",
                "off          | STRING",
                "Yes          | STRING",
                "y            | STRING",
                "2024-01-31   | STRING",
                "2024-01-31T10:00:00Z | STRING",
                "0.1.2        | STRING",
                "1e400        | STRING",
                "0x           | STRING",
                "0xFFFFFFFFFFFFFFFFFF | STRING",
                "+            | STRING",
                "-            | STRING",
                ".            | STRING",
                "._5          | STRING",
                "<<           | STRING",
                "0o17x        | STRING",
                "١٢٣          | STRING",
                "true         | BOOLEAN",
                "True         | BOOLEAN",
                "TRUE         | BOOLEAN",
                "false        | BOOLEAN",
                "FALSE        | BOOLEAN",
                "~            | NULL",
                "null         | NULL",
                "Null         | NULL",
                "NULL         | NULL",
                "42           | NUMBER",
                "-42          | NUMBER",
                "+42          | NUMBER",
                "1_000        | NUMBER",
                "0x1F         | NUMBER",
                "0X1f         | NUMBER",
                "0o17         | NUMBER",
                "017          | NUMBER",
                "08           | NUMBER",
                "0b101        | NUMBER",
                "-0b101       | NUMBER",
                "18446744073709551615 | NUMBER",
                "99999999999999999999 | NUMBER",
                "1.50         | NUMBER",
                "1.           | NUMBER",
                ".5           | NUMBER",
                "1e-1         | NUMBER",
                "1E5          | NUMBER",
                ".inf         | NUMBER",
                "-.Inf        | NUMBER",
                ".NaN         | NUMBER",
            })
    void typesPlainScalarsLikeTheReference(String text, Scalars.Kind kind) {
        assertEquals(kind, Scalars.resolvePlain(text));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plain             | plain",
                "with \"quotes\"   | with \\\"quotes\\\"",
                "a\\b              | a\\\\b",
            })
    void excerptsEscapeLikeYaml(String text, String expected) {
        assertEquals(expected, Scalars.excerpt(text));
    }

    @org.junit.jupiter.api.Test
    void excerptsEscapeControlCharactersAndShortenLongTexts() {
        assertEquals("a\\nb\\tc\\u0001\\u0085", Scalars.excerpt("a\nb\tc\u0001\u0085"));
        assertEquals("x".repeat(40) + "...", Scalars.excerpt("x".repeat(100)));
    }
}
