package dev.roadlab.grader.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lab as lab.yaml declares it.
 *
 * @param id            stable id, also the folder name (lower-case, digits and dashes)
 * @param title         shown on the learning path
 * @param summary       one or two sentences
 * @param checksClass   fully qualified name of the JUnit class holding the checks
 * @param files         the files a submission must contain
 * @param sandboxes     the sandboxes a run needs
 * @param postgres      PostgreSQL needs, when {@code sandboxes} has postgres
 * @param nginx         nginx needs, when {@code sandboxes} has nginx
 * @param limits        wall-clock limits
 * @param wrong         named wrong solutions and the checks each must fail
 */
public record LabDefinition(String id, String title, String summary, String checksClass, List<FileRule> files,
                            Set<SandboxKind> sandboxes, Optional<PostgresSpec> postgres, Optional<NginxSpec> nginx,
                            Limits limits,
                            Map<String, WrongSolution> wrong) {

    public LabDefinition {
        files = List.copyOf(files);
        sandboxes = Set.copyOf(sandboxes);
        wrong = Map.copyOf(wrong);
    }

    public Optional<FileRule> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public boolean needs(SandboxKind kind) {
        return sandboxes.contains(kind);
    }
}
