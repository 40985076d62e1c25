package io.jenkins.plugins.roiergasias.workflow;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * snakeyaml's reader over a text that is already in memory, in linear time.
 *
 * <p>snakeyaml's own {@link StreamReader} reads 1,024 characters at a time and, each time, copies
 * every character not yet consumed into a new array. Its scanner looks ahead over a whole run of
 * ordinary characters (a plain or quoted word) before consuming it, so a run of n characters costs
 * n²/1,024 copies: 8 MB on one line took 41 s. Here the whole text is decoded to code points once
 * and every method works on that array; the behaviour (code points, line and column counting,
 * {@code 0} past the end) is the one of {@link StreamReader} in snakeyaml 2.5. The characters were
 * checked by {@link YamlLoader} before, so this reader does not check them again.
 */
final class TextReader extends StreamReader {
    private static final String NAME = "'string'";

    private final int[] text;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    TextReader(String text) {
        super("");
        this.text = text.codePoints().toArray();
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int offset) {
        long at = (long) pointer + offset;
        return at < text.length ? text[(int) at] : 0;
    }

    @Override
    public String prefix(int length) {
        if (length == 0) {
            return "";
        }
        return new String(text, pointer, Math.min(length, text.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        index += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}
