package dev.roadlab.grader.lab;

import dev.roadlab.grader.submission.Submission;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A loaded lab: its definition, its checks class and every file of its folder, read once into memory.
 *
 * <p>A lab folder holds {@code lab.yaml}, {@code README.md} (instructions for the learner), {@code starter/},
 * {@code solution/}, {@code wrong/<name>/} and whatever lab.yaml refers to (a seed).
 */
public final class Lab {

    private final LabDefinition definition;
    private final Class<?> checks;
    private final SortedMap<String, byte[]> files;
    private final List<CheckInfo> checkInfos;

    Lab(LabDefinition definition, Class<?> checks, List<CheckInfo> checkInfos, Map<String, byte[]> files) {
        this.definition = definition;
        this.checks = checks;
        this.files = new TreeMap<>(files);
        this.checkInfos = List.copyOf(checkInfos);
    }

    public String id() {
        return definition.id();
    }

    public LabDefinition definition() {
        return definition;
    }

    public Class<?> checksClass() {
        return checks;
    }

    /** The lab's checks in report order, as declared. */
    public List<CheckInfo> checks() {
        return checkInfos;
    }

    /** The points a perfect submission earns. */
    public int maxScore() {
        return checkInfos.stream().mapToInt(CheckInfo::points).sum();
    }

    /** The learner-facing instructions (README.md of the lab folder), Markdown. */
    public String instructions() {
        return text("README.md").orElse("");
    }

    /** A file of the lab folder by its path relative to the folder, e.g. "solution/migration.sql". */
    public Optional<String> text(String relativePath) {
        return Optional.ofNullable(files.get(relativePath)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The files of a folder of the lab (e.g. its nginx harness), by path relative to that folder, recursively. */
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

    /** The files under starter/: what a learner starts from, expected to fail. */
    public Submission starter() {
        return folder("starter");
    }

    /** The files under solution/: the reference, expected to score full marks. */
    public Submission solution() {
        return folder("solution");
    }

    /** The files under wrong/NAME/. */
    public Submission wrong(String name) {
        if (!definition.wrong().containsKey(name)) {
            throw new IllegalArgumentException("lab " + id() + " has no wrong solution '" + name + "'");
        }
        return folder("wrong/" + name);
    }

    private Submission folder(String folder) {
        String prefix = folder + "/";
        Map<String, byte[]> found = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                found.put(path.substring(prefix.length()), bytes);
            }
        });
        return Submission.of(found);
    }
}
