package dev.roadlab.grader.lab;

import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.submission.Submission;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded lab: its definition, its checks class and every file of its folder, read once into memory.
 *
 * <p>A lab folder holds {@code lab.yaml}, {@code README.md} (instructions for the learner), {@code starter/},
 * {@code solution/}, {@code wrong/<name>/} and whatever lab.yaml refers to (a seed, a harness).
 */
public final class Lab implements LabFiles {

    private final LabDefinition definition;
    private final Class<?> checks;
    private final LabFolder folder;
    private final List<CheckInfo> checkInfos;

    Lab(LabDefinition definition, Class<?> checks, List<CheckInfo> checkInfos, LabFolder folder) {
        this.definition = definition;
        this.checks = checks;
        this.folder = folder;
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
    @Override
    public Optional<String> text(String relativePath) {
        return folder.text(relativePath);
    }

    /** The files of a folder of the lab (e.g. its nginx harness), by path relative to that folder, recursively. */
    @Override
    public Map<String, byte[]> folderFiles(String relativeFolder) {
        return folder.folderFiles(relativeFolder);
    }

    /** The files under starter/: what a learner starts from, expected to score nothing. */
    public Submission starter() {
        return Submission.of(folder.filesIn("starter"));
    }

    /** The files under solution/: the reference, expected to score full marks. */
    public Submission solution() {
        return Submission.of(folder.filesIn("solution"));
    }

    /** The files under wrong/NAME/. */
    public Submission wrong(String name) {
        if (!definition.wrong().containsKey(name)) {
            throw new IllegalArgumentException("lab " + id() + " has no wrong solution '" + name + "'");
        }
        return Submission.of(folder.filesIn("wrong/" + name));
    }
}
