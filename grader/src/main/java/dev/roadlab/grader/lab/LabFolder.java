package dev.roadlab.grader.lab;

import dev.roadlab.grader.sandbox.LabFiles;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every file of a lab folder, read once into memory, by path relative to the folder ("solution/migration.sql"). */
final class LabFolder implements LabFiles {

    private final SortedMap<String, byte[]> files;

    LabFolder(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    @Override
    public Optional<String> text(String relativePath) {
        return Optional.ofNullable(files.get(relativePath)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, byte[]> folderFiles(String folder) {
        String prefix = folder + "/";
        Map<String, byte[]> found = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix)) {
                found.put(path.substring(prefix.length()), bytes.clone());
            }
        });
        return found;
    }

    /** The files directly in a folder (not below), by name: a submission's files. */
    Map<String, byte[]> filesIn(String folder) {
        String prefix = folder + "/";
        Map<String, byte[]> found = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                found.put(path.substring(prefix.length()), bytes);
            }
        });
        return found;
    }

    /** Whether any file lies under the folder. */
    boolean hasFolder(String folder) {
        return files.keySet().stream().anyMatch(p -> p.startsWith(folder + "/"));
    }
}
