package dev.roadlab.engine.faults;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the test lab {@link GateLab}: its one file says what the grading does, so that a test controls it
 * from outside, across processes. {@code pass} passes at once; {@code crash} fails on our side (infrastructure);
 * {@code gate <path>} writes {@code <path>.started} (holding this process's pid) and waits until {@code <path>}
 * exists, then passes: a grading that lasts exactly as long as the test wants.
 */
@LabChecks
public class GateChecks {

    @Check(order = 1, points = 1, title = "The plan is carried out")
    void the_plan_is_carried_out(Lab lab, Submission submission) throws Exception {
        String plan = submission.text(GateLab.FILE).strip();
        if (plan.equals("crash")) {
            throw new IllegalStateException("a stand-in for a sandbox that broke");
        }
        if (plan.startsWith("gate ")) {
            Path gate = Path.of(plan.substring(5).strip());
            try {
                Files.writeString(gate.resolveSibling(gate.getFileName() + ".started"),
                        Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(gate)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gate " + gate + " never opened");
                }
                Thread.sleep(20); // polling a file the test creates; interruptible, so a lost lease stops it
            }
        }
    }
}
