package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Unpacks a tar stream from an untrusted pod into a directory with {@link SafeWriter}: regular files
 * only; symlinks, hard links and devices are left out and named in a note (never created).
 */
public final class TarExtractor {
    private TarExtractor() {}

    /**
     * @param wanted which names to keep; others are read past
     * @return the names written, in archive order
     */
    public static List<String> extract(InputStream tar, SafeWriter writer, Predicate<String> wanted,
            Consumer<String> notes) throws IOException {
        TarReader reader = new TarReader(tar);
        List<String> written = new ArrayList<>();
        TarReader.Entry e;
        while ((e = reader.next()) != null) {
            if (e.type() == '5') {
                continue;
            }
            String name = SafeWriter.checkName(e.name());
            if (!e.regular()) {
                if (wanted.test(name)) {
                    notes.accept("left out " + name + ": "
                            + (e.type() == '2' ? "a symlink" : e.type() == '1' ? "a hard link" : "not a regular file")
                            + " (only regular files are copied back)");
                }
                continue;
            }
            if (!wanted.test(name)) {
                continue;
            }
            writer.write(name, reader.content(), (e.mode() & 0100) != 0);
            written.add(name);
        }
        return written;
    }
}
