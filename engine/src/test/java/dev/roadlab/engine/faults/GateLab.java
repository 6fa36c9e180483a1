package dev.roadlab.engine.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A lab folder for queue and fault tests, graded by {@link GateChecks} with no sandbox at all. */
public final class GateLab {

    public static final String ID = "gate-lab";
    public static final String FILE = "plan.txt";

    private GateLab() {
    }

    /** A fresh folder of lab folders holding the gate lab (for {@code --labs} or a catalog). */
    public static Path folder() {
        try {
            Path folder = Files.createTempDirectory("roadlab-gate-labs");
            Path lab = Files.createDirectories(folder.resolve(ID));
            Files.writeString(lab.resolve("lab.yaml"), """
                    id: %s
                    title: Gate lab
                    summary: A test lab whose grading does what its one file says (pass, crash, or wait at a gate).
                    checks: dev.roadlab.engine.faults.GateChecks
                    files:
                      - name: %s
                        max-size: 4 KB
                    sandboxes: []
                    limits:
                      run: 150s
                      check: 140s
                    """.formatted(ID, FILE));
            Files.writeString(lab.resolve("README.md"), "A test lab.\n");
            Files.createDirectories(lab.resolve("starter"));
            Files.writeString(lab.resolve("starter/" + FILE), "pass\n");
            Files.createDirectories(lab.resolve("solution"));
            Files.writeString(lab.resolve("solution/" + FILE), "pass\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
