package dev.roadlab.grader.sandbox;

import java.util.Map;
import java.util.Optional;

/** The files of a lab's folder, as a sandbox kind reads them: a seed, an nginx harness, broker definitions. */
public interface LabFiles {

    /** A file by its path relative to the lab folder, as UTF-8 text. */
    Optional<String> text(String relativePath);

    /** The files under a folder of the lab, by path relative to that folder, recursively. */
    Map<String, byte[]> folderFiles(String folder);
}
