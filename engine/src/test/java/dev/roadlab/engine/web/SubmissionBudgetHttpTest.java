package dev.roadlab.engine.web;

import static dev.roadlab.engine.db.jooq.Tables.COHORTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestBrowser;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The submission budget over HTTP, on real servers: a hosted Roadlab with a budget of 2 per 10 minutes (pages and
 * API, a cohort's own budget, the refund of an attempt that failed on our side), a single-user one with a budget set
 * (clients without a cookie are limited by address), and a single-user one left at its default (no limit). Nothing
 * is graded by workers (0 of them): the test finishes jobs through the queue the way a worker does.
 */
class SubmissionBudgetHttpTest {

    static final String LAB = "audit-log-indexes";
    static final String OTHER_LAB = "tenant-isolation";

    static TestServer server(String name, RoadlabConfig.Mode mode, Optional<String> budget, Map<String, String> perLab) {
        try {
            Path data = Files.createTempDirectory("roadlab-" + name);
            RoadlabConfig defaults = RoadlabConfig.defaults();
            RoadlabConfig.Hosting hosting = defaults.hosting();
            return TestServer.start(defaults
                    .withData(new RoadlabConfig.Data(data))
                    .withDatabase(TestDatabases.h2(data))
                    .withSandboxes(TestSandboxes.servers())
                    .withGrading(new RoadlabConfig.Grading(0))
                    .withHosting(hosting.withMode(mode).withSubmissionBudget(budget, perLab)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Part> migration(String sql) {
        return List.of(Part.file("migration.sql", "migration.sql", sql));
    }

    static HttpResponse<String> submitForm(TestBrowser browser, String sql) {
        return browser.postMultipart("/labs/" + LAB, "/labs/" + LAB + "/submissions", migration(sql));
    }

    static String submittedId(HttpResponse<String> posted) {
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        return posted.headers().firstValue("Location").orElseThrow().replaceFirst(".*/submissions/", "");
    }

    static long retryAfter(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Nested
    class Hosted {

        @Test
        void two_submissions_are_accepted_the_third_is_429_and_the_page_says_when_the_next_attempt_is() {
            try (TestServer server = server("budget-hosted", RoadlabConfig.Mode.HOSTED, Optional.of("2/10m"),
                    Map.of())) {
                TestBrowser ana = TestBrowser.signedIn(server, "ana", Role.LEARNER);
                assertThat(ana.get("/labs/" + LAB).body()).contains("2 of 2 attempts left.")
                        .contains("This lab allows 2 attempts at once, and one more every 5 minutes");

                HttpResponse<String> invalid = ana.postMultipart("/labs/" + LAB, "/labs/" + LAB + "/submissions",
                        List.of(Part.file("notes.txt", "notes.txt", "x")));
                assertThat(invalid.statusCode()).as("files refused spend nothing").isEqualTo(400);
                submittedId(submitForm(ana, "-- one"));
                assertThat(ana.get("/labs/" + LAB).body()).contains("1 of 2 attempts left.");
                submittedId(submitForm(ana, "-- two"));

                HttpResponse<String> third = submitForm(ana, "-- three");
                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(retryAfter(third)).isBetween(290L, 300L);
                assertThat(third.body()).contains("Not graded:").contains("Your next attempt is in 5 minutes")
                        .contains("No attempts left for now: your next attempt is in 5 minutes (at ")
                        .as("the editor keeps what was sent: nothing typed is lost").contains(">-- three</textarea>");
                assertThat(ana.get("/labs/" + LAB).body())
                        .contains("No attempts left for now: your next attempt is in 5 minutes (at ")
                        .contains("budget budget-exhausted");
                assertThat(ana.get("/labs/" + OTHER_LAB).body()).as("each lab has its own budget")
                        .contains("2 of 2 attempts left.");

                // The API, for another learner of the same Roadlab: JSON with the time to come back.
                TestBrowser ben = TestBrowser.signedIn(server, "ben", Role.LEARNER);
                for (int i = 0; i < 2; i++) {
                    assertThat(ben.postMultipart("/labs/" + LAB, "/api/labs/" + LAB + "/submissions",
                            migration("-- api " + i)).statusCode()).isEqualTo(202);
                }
                HttpResponse<String> refused = ben.postMultipart("/labs/" + LAB, "/api/labs/" + LAB + "/submissions",
                        migration("-- api 3"));
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
                JsonNode body = TestServer.json(refused);
                assertThat(body.path("retry_after_seconds").asLong()).isEqualTo(retryAfter(refused))
                        .isBetween(290L, 300L);
                assertThat(body.path("error").asString()).contains("Your next attempt is in 5 minutes");
                assertThat(body.path("budget").asString()).isEqualTo("2/10m");
                assertThat(Instant.parse(body.path("next_attempt_at").asString()))
                        .isBetween(Instant.now().plusSeconds(250), Instant.now().plusSeconds(301));
            }
        }

        @Test
        void a_cohort_budget_applies_to_its_learners_and_an_attempt_failed_on_our_side_is_given_back_once() {
            try (TestServer server = server("budget-refund", RoadlabConfig.Mode.HOSTED, Optional.of("2/10m"),
                    Map.of())) {
                TestBrowser cleo = TestBrowser.signedIn(server, "cleo", Role.LEARNER);
                TestBrowser dora = TestBrowser.signedIn(server, "dora", Role.LEARNER);
                var dsl = server.roadlab().database().dsl();
                long cohort = dsl.insertInto(COHORTS).set(COHORTS.NAME, "Evening").set(COHORTS.COURSE_ID, "roadlab")
                        .set(COHORTS.CREATED_AT, OffsetDateTime.now()).set(COHORTS.SUBMISSION_BUDGET, "1/1h")
                        .returningResult(COHORTS.ID).fetchOne(COHORTS.ID);
                dsl.insertInto(COHORT_MEMBERS).set(COHORT_MEMBERS.COHORT_ID, cohort)
                        .set(COHORT_MEMBERS.ACCOUNT_ID, dora.account().orElseThrow().id().value())
                        .set(COHORT_MEMBERS.ROLE, "learner").set(COHORT_MEMBERS.JOINED_AT, OffsetDateTime.now())
                        .execute();
                assertThat(dora.get("/labs/" + LAB).body()).contains("1 of 1 attempt left.");
                submittedId(submitForm(dora, "-- dora"));
                assertThat(submitForm(dora, "-- dora again").statusCode()).isEqualTo(429);

                String first = submittedId(submitForm(cleo, "-- first"));
                String second = submittedId(submitForm(cleo, "-- second"));
                assertThat(submitForm(cleo, "-- third").statusCode()).isEqualTo(429);

                // A worker's grading of the first ends "infrastructure": the attempt does not count.
                GradingQueue queue = new GradingQueue(dsl, Clock.systemUTC(),
                        server.roadlab().services().submissionBudgets()::refund);
                Job job = claim(queue, "worker-a", Duration.ofMinutes(5), first);
                assertThat(queue.finish(job, report(Verdict.INFRASTRUCTURE))).isTrue();
                assertThat(cleo.get("/labs/" + LAB).body()).contains("1 of 2 attempts left.");

                // The second: its worker stalls past its lease, another takes it again and it passes; the stalled
                // worker's late "infrastructure" is not stored and gives nothing back.
                Job stalled = claim(queue, "worker-a", Duration.ofMillis(1), second);
                Job retried = claimOnceTheLeaseRunsOut(queue, "worker-b", second);
                assertThat(retried.attempt()).isEqualTo(2);
                assertThat(queue.finish(retried, report(Verdict.PASSED))).isTrue();
                assertThat(queue.finish(stalled, report(Verdict.INFRASTRUCTURE))).isFalse();
                assertThat(cleo.get("/labs/" + LAB).body()).contains("1 of 2 attempts left.");

                submittedId(submitForm(cleo, "-- third, now allowed"));
                assertThat(submitForm(cleo, "-- fourth").statusCode()).isEqualTo(429);
            }
        }

        /** Claims jobs until {@code id}'s comes, finishing the others as failed (their learners' budgets unchanged). */
        private static Job claim(GradingQueue queue, String worker, Duration lease, String id) {
            for (int i = 0; i < 50; i++) {
                Job job = queue.claim(worker, lease).orElseThrow(() -> new AssertionError("no job " + id + " queued"));
                if (job.submissionId().equals(id)) {
                    return job;
                }
                queue.finish(job, report(Verdict.FAILED));
            }
            throw new AssertionError("job " + id + " never came");
        }

        private static Job claimOnceTheLeaseRunsOut(GradingQueue queue, String worker, String id) {
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                Optional<Job> job = queue.claim(worker, Duration.ofMinutes(5));
                if (job.isPresent()) {
                    assertThat(job.get().submissionId()).isEqualTo(id);
                    return job.get();
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("the lease on " + id + " never ran out");
        }

        private static GradeReport report(Verdict verdict) {
            return GradeReport.withoutChecks(LAB, verdict, 14, "", Timings.NONE, 1);
        }
    }

    @Test
    void single_user_with_a_budget_limits_clients_without_a_cookie_by_address_and_each_lab_by_its_own_setting() {
        try (TestServer server = server("budget-single", RoadlabConfig.Mode.SINGLE_USER, Optional.of("2/10m"),
                Map.of("booking-isolation", "off"))) {
            for (int i = 0; i < 2; i++) {
                assertThat(server.postMultipart("/api/labs/" + LAB + "/submissions", migration("-- curl " + i))
                        .statusCode()).isEqualTo(202);
            }
            HttpResponse<String> refused = server.postMultipart("/api/labs/" + LAB + "/submissions",
                    migration("-- curl 3"));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(retryAfter(refused)).isBetween(290L, 300L);
            assertThat(TestServer.json(refused).path("retry_after_seconds").asLong()).isEqualTo(retryAfter(refused));

            // A form client that drops the learner cookie it is given each time is still one address.
            TestBrowser forgetful = new TestBrowser(server);
            assertThat(forgetful.get("/labs/" + OTHER_LAB).body()).contains("2 of 2 attempts left.");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> posted = forgetful.postMultipart("/labs/" + OTHER_LAB,
                        "/labs/" + OTHER_LAB + "/submissions", List.of(Part.file("rls.sql", "rls.sql", "-- " + i)));
                assertThat(posted.statusCode()).as("post %d", i).isEqualTo(i < 2 ? 303 : 429);
                forgetful.cookies().keySet().removeIf(name -> name.endsWith("roadlab-learner"));
            }

            assertThat(server.get("/labs/booking-isolation").body()).doesNotContain("id=\"budget\"");
            for (int i = 0; i < 4; i++) {
                assertThat(server.postMultipart("/api/labs/booking-isolation/submissions",
                        List.of(Part.file("booking.sql", "booking.sql", "-- " + i))).statusCode()).isEqualTo(202);
            }
        }
    }

    @Test
    void single_user_by_default_has_no_budget() {
        try (TestServer server = server("budget-off", RoadlabConfig.Mode.SINGLE_USER, Optional.empty(), Map.of())) {
            TestBrowser learner = new TestBrowser(server);
            for (int i = 0; i < 8; i++) {
                submittedId(learner.postMultipart("/labs/" + LAB, "/labs/" + LAB + "/submissions",
                        migration("-- " + i)));
                assertThat(server.postMultipart("/api/labs/" + LAB + "/submissions", migration("-- api " + i))
                        .statusCode()).isEqualTo(202);
            }
            assertThat(learner.get("/labs/" + LAB).body()).doesNotContain("id=\"budget\"")
                    .doesNotContain("attempts left");
        }
    }
}
