package dev.roadlab.grader.lab;

import dev.roadlab.grader.sandbox.SandboxUse;
import dev.roadlab.grader.submission.FileRule;
import dev.roadlab.grader.submission.FileRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab as lab.yaml declares it.
 *
 * @param id            stable id, also the folder name (lower-case, digits and dashes)
 * @param title         shown on the learning path
 * @param summary       one or two sentences
 * @param checksClass   fully qualified name of the JUnit class holding the checks
 * @param files         the files a submission must contain
 * @param sandboxes     the sandbox kinds a run needs, in lab.yaml's order, each with its section read
 * @param limits        wall-clock limits
 * @param wrong         named wrong solutions and the checks each must fail
 */
public record LabDefinition(String id, String title, String summary, String checksClass, List<FileRule> files,
                            List<SandboxUse<?>> sandboxes, Limits limits, Map<String, WrongSolution> wrong)
        implements FileRules {

    public LabDefinition {
        files = List.copyOf(files);
        sandboxes = List.copyOf(sandboxes);
        wrong = Map.copyOf(wrong);
    }

    public boolean needs(String kind) {
        return sandboxes.stream().anyMatch(s -> s.kind().equals(kind));
    }

    /** What the lab asks of a kind, if it declares it. */
    public <S> Optional<S> spec(String kind, Class<S> type) {
        return sandboxes.stream().filter(s -> s.kind().equals(kind)).findFirst().map(s -> type.cast(s.spec()));
    }
}
