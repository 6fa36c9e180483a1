package dev.roadlab.engine.submissions;

import dev.roadlab.grader.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** What a learner starts a lab from: its starter folder as text, one file or a zip of them all with the README. */
public final class StarterFiles {

    private StarterFiles() {
    }

    /** The starter's files by name, as UTF-8 text (lab files are text, as uploads must be). */
    public static Map<String, String> of(Lab lab) {
        Map<String, String> files = new TreeMap<>();
        lab.starter().files().forEach((name, bytes) -> files.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return files;
    }

    /** One starter file; empty for a name the starter does not have. */
    public static Optional<byte[]> file(Lab lab, String name) {
        return Optional.ofNullable(lab.starter().files().get(name));
    }

    /** A zip of a folder named after the lab, holding the starter's files and the lab's README.md. */
    public static byte[] zip(Lab lab) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            Map<String, byte[]> entries = new TreeMap<>(lab.starter().files());
            entries.putIfAbsent("README.md", lab.instructions().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(lab.id() + "/" + entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
