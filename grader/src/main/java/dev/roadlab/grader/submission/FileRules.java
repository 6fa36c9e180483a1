package dev.roadlab.grader.submission;

import java.util.List;
import java.util.Optional;

/** The files a lab takes: what a submission is checked against before anything runs. */
public interface FileRules {

    /** The lab's id, for messages. */
    String id();

    /** The files a submission must contain. */
    List<FileRule> files();

    default Optional<FileRule> file(String name) {
        return files().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
