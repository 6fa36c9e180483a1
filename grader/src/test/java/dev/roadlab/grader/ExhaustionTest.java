package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run that takes what every run on a server shares (its lock table, its disk, the grader's memory through a flood
 * of notices, prepared transactions that outlive their session) is stopped as the learner's doing, on both providers,
 * and another learner's run graded at the same moment on the same server is untouched: it passes at its first
 * attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExhaustionTest {

    private final LabCatalog labs = FixtureLabs.catalog();
    private final Map<String, Grader> graders = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        graders.put("containers", Grader.create(labs, TestSandboxes.containers()));
        graders.put("servers", Grader.create(labs, TestSandboxes.servers()));
    }

    @AfterAll
    void stop() {
        graders.values().forEach(Grader::close);
    }

    Stream<Arguments> exhaustions() {
        List<Arguments> cases = List.of(
                Arguments.of("a flood of notices (60,000 x 8 KB)", "fixture-sql", """
                        SET client_min_messages = notice;
                        DO $$ BEGIN FOR i IN 1..60000 LOOP RAISE NOTICE '%', repeat('x', 8000); END LOOP; END $$;""",
                        Verdict.ERROR, "notices"),
                Arguments.of("the lock table filled in one transaction", "fixture-bounded", """
                        DO $$ BEGIN
                          FOR i IN 1..200000 LOOP EXECUTE format('CREATE TEMP TABLE t%s (x int)', i); END LOOP;
                        END $$;""", Verdict.FAILED, "locks at once"),
                Arguments.of("a table grown until the disk fills", "fixture-bounded", """
                        CREATE TABLE big (pad text);
                        DO $$ BEGIN
                          LOOP INSERT INTO big SELECT repeat(md5(g::text), 60) FROM generate_series(1, 1000) g; END LOOP;
                        END $$;""",
                        Verdict.FAILED, "its database grew to"),
                Arguments.of("a prepared transaction left behind", "fixture-sql", """
                        BEGIN;
                        CREATE TABLE p (x int);
                        PREPARE TRANSACTION 'left-behind';""", Verdict.ERROR, "prepared transactions are disabled"));
        return Stream.of("containers", "servers").flatMap(p -> cases.stream().map(c -> Arguments.of(p, c.get()[0],
                c.get()[1], c.get()[2], c.get()[3], c.get()[4])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("exhaustions")
    void a_run_that_takes_what_all_share_is_stopped_and_a_concurrent_run_is_untouched(
            String provider, String what, String lab, String sql, Verdict expected, String message) throws Exception {
        Grader grader = graders.get(provider);
        grader.grade("fixture-sql", labs.get("fixture-sql").solution()); // the server and template are warm
        Instant started = Instant.now();
        CompletableFuture<GradeReport> hostile = CompletableFuture.supplyAsync(() ->
                grader.grade(lab, Submission.ofText(Map.of("script.sql", sql))));
        CompletableFuture<GradeReport> neighbour = CompletableFuture.supplyAsync(() ->
                grader.grade("fixture-sql", labs.get("fixture-sql").solution()));

        GradeReport report = hostile.get(90, TimeUnit.SECONDS);
        assertThat(report.verdict()).as(ReportJson.writePretty(report)).isEqualTo(expected);
        assertThat(report.checks().get(0).message()).as(ReportJson.writePretty(report)).contains(message);
        assertThat(report.attempts()).as("the learner's doing, never retried as ours").isEqualTo(1);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));

        GradeReport other = neighbour.get(90, TimeUnit.SECONDS);
        assertThat(other.verdict()).as(ReportJson.writePretty(other)).isEqualTo(Verdict.PASSED);
        assertThat(other.attempts()).as("the other learner's run, at its first attempt").isEqualTo(1);
        assertThat(grader.grade("fixture-sql", labs.get("fixture-sql").solution()).verdict())
                .isEqualTo(Verdict.PASSED);
    }
}
