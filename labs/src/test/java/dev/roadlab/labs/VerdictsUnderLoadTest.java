package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same submission gets the same verdict every time, on a loaded machine too: every shipped design of every lab
 * (reference, starter, wrong solutions, the extra designs of the lab tests) is graded five times in a row while
 * other threads keep every core busy, and each time it must come to the same verdict, the same score and the same
 * checks failed. Timing-dependent checks would show here as a design that flips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("load")
class VerdictsUnderLoadTest {

    private static final int TIMES = 5;
    /** Designs that exist to hit a time limit: their verdict is a timeout by construction, and slow to reach. */
    private static final List<String> SLOW_BY_DESIGN = List.of("never-returns");

    private final LabCatalog labs = ProviderGraders.labsUnderTest();
    private final AtomicBoolean busy = new AtomicBoolean(true);
    private final List<Thread> hogs = new ArrayList<>();
    private Grader grader;

    @BeforeAll
    void load_the_machine_and_start_a_grader() {
        grader = Grader.create(labs, TestSandboxes.servers());
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            hogs.add(Thread.ofPlatform().daemon().name("cpu-hog-" + i).start(() -> {
                long x = 0;
                while (busy.get()) {
                    x += Long.numberOfTrailingZeros(x ^ System.nanoTime());
                }
            }));
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        busy.set(false);
        for (Thread hog : hogs) {
            hog.join();
        }
        grader.close();
    }

    Stream<Arguments> designs() {
        List<Arguments> all = new ArrayList<>();
        for (Lab lab : labs.all()) {
            all.add(Arguments.of(lab.id(), "solution", lab.solution()));
            all.add(Arguments.of(lab.id(), "starter", lab.starter()));
            lab.definition().wrong().keySet().stream().sorted()
                    .forEach(w -> all.add(Arguments.of(lab.id(), "wrong/" + w, lab.wrong(w))));
            extraDesigns(lab.id()).forEach((name, submission) ->
                    all.add(Arguments.of(lab.id(), "designs/" + name, submission)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("designs")
    void every_grading_of_a_design_comes_to_the_same_verdict_under_load(String lab, String design,
                                                                         Submission submission) {
        GradeReport first = grader.grade(lab, submission);
        String verdict = summary(first);
        for (int i = 2; i <= TIMES; i++) {
            GradeReport again = grader.grade(lab, submission);
            assertThat(summary(again)).as(lab + " " + design + ", grading " + i + " of " + TIMES
                    + " (the first was: " + verdict + ")").isEqualTo(verdict);
        }
    }

    /** Verdict, score and which checks failed, and how. */
    private static String summary(GradeReport report) {
        return report.verdict().wireName() + " " + report.score() + "/" + report.maxScore() + " "
                + report.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
    }

    /** The extra designs a lab's tests keep under designs/LAB/NAME/, as submissions. */
    private static Map<String, Submission> extraDesigns(String lab) {
        Map<String, Submission> designs = new TreeMap<>();
        var root = VerdictsUnderLoadTest.class.getClassLoader().getResource("designs/" + lab);
        if (root == null) {
            return designs;
        }
        try (Stream<Path> folders = Files.list(Path.of(root.toURI()))) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (SLOW_BY_DESIGN.contains(name)) {
                    continue;
                }
                Map<String, byte[]> files = new TreeMap<>();
                try (Stream<Path> inside = Files.list(folder)) {
                    for (Path file : inside.filter(Files::isRegularFile).toList()) {
                        files.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
                designs.put(name, Submission.of(files));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return designs;
    }
}
