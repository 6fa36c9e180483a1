package dev.roadlab.engine;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Labs for tests: the ids of the bundled catalog, and folders of placeholder labs for course fixtures. */
public final class TestLabs {

    private TestLabs() {
    }

    /** The ids of the labs on the class path (the bundled labs). */
    public static Set<String> bundledLabIds() {
        Set<String> ids = new TreeSet<>();
        LabCatalog.fromClasspath(TestLabs.class.getClassLoader()).all().stream().map(Lab::id).forEach(ids::add);
        return ids;
    }

    /**
     * A folder of placeholder labs with these ids, for course fixtures that name labs of their own. Each borrows the
     * audit-log checks class (the one the jar surely has), so the same folder works for the in-process server and for
     * the packaged jar; none of them is ever graded.
     */
    public static Path placeholders(Set<String> ids) {
        try {
            Path folder = Files.createTempDirectory("roadlab-placeholder-labs");
            for (String id : ids) {
                Path lab = Files.createDirectories(folder.resolve(id));
                Files.writeString(lab.resolve("lab.yaml"), """
                        id: %s
                        title: Placeholder %s
                        summary: A lab a course fixture names; tests never grade it.
                        checks: dev.roadlab.labs.AuditLogIndexesChecks
                        files:
                          - name: migration.sql
                            max-size: 1 KB
                        sandboxes: [postgres]
                        postgres:
                          seed: seed.sql
                        """.formatted(id, id));
                Files.writeString(lab.resolve("seed.sql"), "CREATE TABLE audit_logs (id bigint);\n");
                Files.writeString(lab.resolve("README.md"), "A placeholder.\n");
                Files.createDirectories(lab.resolve("starter"));
                Files.writeString(lab.resolve("starter/migration.sql"), "-- starter\n");
                Files.createDirectories(lab.resolve("solution"));
                Files.writeString(lab.resolve("solution/migration.sql"), "-- solution\n");
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
