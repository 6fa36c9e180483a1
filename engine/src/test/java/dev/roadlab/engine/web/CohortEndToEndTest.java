package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestBrowser;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A bootcamp runs a cohort end to end over HTTP with Roadlab's database on PostgreSQL and real grading: the
 * instructor starts a cohort and makes an invite link, a learner joins through it and submits after the deadline,
 * the instructor reads the gradebook (late), the lab's charts and the learner's submission, exports the CSV, grants
 * an extension, and the late mark goes. Another instructor and the learner find none of it.
 */
class CohortEndToEndTest {

    static final String LAB = "audit-log-indexes";

    @Test
    void a_cohort_runs_from_invite_to_extension_on_postgresql() throws Exception {
        try (TestDatabases.Postgres db = TestDatabases.postgres();
             TestServer server = TestServer.start(RoadlabConfig.defaults()
                     .withData(new RoadlabConfig.Data(Files.createTempDirectory("roadlab-cohort-pg")))
                     .withDatabase(db.config())
                     .withSandboxes(TestSandboxes.servers())
                     .withGrading(new RoadlabConfig.Grading(1)))) {
            server.roadlab().accounts().create("root", "Root", "correct horse battery staple", Role.ADMIN,
                    Optional.empty());
            server.roadlab().modes().recheck();
            TestBrowser ines = TestBrowser.signedIn(server, "ines", Role.INSTRUCTOR);
            TestBrowser otto = TestBrowser.signedIn(server, "otto", Role.INSTRUCTOR);
            TestBrowser ada = TestBrowser.signedIn(server, "ada", Role.LEARNER);

            // The instructor starts a cohort and makes an invite link (shown once).
            HttpResponse<String> created = ines.postForm("/cohorts", "/cohorts", Map.of("name", "Spring <2027>"));
            assertThat(created.statusCode()).isEqualTo(303);
            String cohort = created.headers().firstValue("Location").orElseThrow();
            assertThat(cohort).matches("/cohorts/[0-9]+");
            HttpResponse<String> invited = ines.postForm(cohort, cohort + "/invites", Map.of("days", "7"));
            assertThat(invited.statusCode()).isEqualTo(200);
            assertThat(invited.body()).contains("Spring &lt;2027&gt;").doesNotContain("Spring <2027>");
            Matcher link = Pattern.compile("id=\"new-invite-link\" type=\"text\" readonly value=\"http://127\\.0\\.0\\.1:"
                    + "[0-9]+(/join/[A-Za-z0-9_-]{43})\"").matcher(invited.body());
            assertThat(link.find()).as("the new link on the page").isTrue();
            String join = link.group(1);
            assertThat(ines.get(cohort).body()).doesNotContain(join).contains("usable");

            // Signed out, the link offers sign-up carrying the invite, and sign-in coming back to it.
            HttpResponse<String> open = server.get(join);
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).contains("Join Spring &lt;2027&gt;")
                    .contains("name=\"invite\" value=\"" + join.substring("/join/".length()) + "\"")
                    .contains("href=\"/sign-in?next=%2Fjoin%2F" + join.substring("/join/".length()) + "\"");
            assertThat(server.get("/join/" + "x".repeat(43)).statusCode()).isEqualTo(404);

            // A newcomer signs up through the link's form and is a learner of the cohort.
            TestBrowser cy = new TestBrowser(server);
            HttpResponse<String> signedUp = cy.postForm(join, "/sign-up", Map.of(
                    "invite", TestBrowser.hiddenField(open.body(), "invite"), "login", "cy", "name", "Cy Newcomer",
                    "password", "correct horse battery staple"));
            assertThat(signedUp.statusCode()).isEqualTo(303);
            assertThat(ines.get(cohort).body()).contains("<td>Cy Newcomer</td><td>cy</td><td>learner</td>");

            // The learner joins, and may not open the instructor's pages.
            assertThat(ada.get(join).body()).contains("id=\"join-button\"");
            assertThat(ada.postForm(join, join, Map.of()).statusCode()).isEqualTo(303);
            assertThat(ines.get(cohort).body()).contains("<td>ada</td><td>ada</td><td>learner</td>");
            assertThat(ines.get(cohort).body()).as("Cy's and Ada's use of the link")
                    .contains("<td>usable</td><td>2</td>");
            assertThat(ada.get("/cohorts").statusCode()).isEqualTo(403);
            assertThat(ada.get(cohort + "/gradebook").statusCode()).isEqualTo(403);

            // A deadline already past: the learner's passing submission is graded and marked late.
            assertThat(ines.postForm(cohort, cohort + "/labs/" + LAB + "/settings",
                    Map.of("due", "2026-01-01T00:00", "budget", "")).statusCode()).isEqualTo(303);
            assertThat(ines.postForm(cohort, cohort + "/labs/" + LAB + "/settings",
                    Map.of("due", "soon", "budget", "")).body()).contains("Write a due time as");
            HttpResponse<String> submitted = ada.postMultipart("/labs/" + LAB, "/labs/" + LAB + "/submissions",
                    List.of(Part.file("file", "migration.sql", SubmissionEndToEndTest.SOLUTION)));
            assertThat(submitted.statusCode()).isEqualTo(303);
            String submission = submitted.headers().firstValue("Location").orElseThrow();
            String submissionId = submission.substring("/submissions/".length());
            assertThat(server.awaitDone(submissionId, SubmissionEndToEndTest.GRADING, "Cookie", ines.cookieHeader())
                    .path("report").path("verdict").asString()).isEqualTo("passed");

            String book = ines.get(cohort + "/gradebook").body();
            assertThat(book).contains("id=\"gradebook\"").contains("data-login=\"ada\"")
                    .contains("14 / 14").contains("class=\"cell cell-passed cell-late\"")
                    .contains("href=\"" + submission + "\"");
            assertThat(ines.get(cohort + "/gradebook?lab=" + LAB + "&status=not-passed").body())
                    .doesNotContain("data-login=\"ada\"");
            assertThat(ines.get(cohort + "/gradebook?sort=lab:nope").statusCode()).isEqualTo(400);

            HttpResponse<String> csv = ines.get(cohort + "/gradebook.csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
            String adaLine = csv.body().lines().filter(l -> l.startsWith("ada,")).findFirst().orElseThrow();
            assertThat(adaLine).startsWith("ada,ada,14,14,1,20").contains("Z,yes,");
            assertThat(csv.body()).startsWith("login,name,");

            // The lab's charts and the submission itself, with its learner named and marked late.
            String charts = ines.get(cohort + "/labs/" + LAB).body();
            assertThat(charts).contains("id=\"score-histogram\"").contains("<svg").contains("100%")
                    .contains("class=\"histogram-bar\"").contains("class=\"check-bar\"");
            String page = ines.get(submission).body();
            assertThat(page).contains("class=\"submission-learner\">ada</strong>").contains("id=\"late-mark\"")
                    .contains("Files submitted").contains("CREATE INDEX");

            // An extension for the learner: no longer late, in the page, the gradebook and the CSV.
            String learnerId = extensionOption(ines.get(cohort).body());
            assertThat(ines.postForm(cohort, cohort + "/extensions", Map.of("learner", learnerId, "lab", LAB,
                    "due", "2100-01-01T00:00")).statusCode()).isEqualTo(303);
            assertThat(ines.get(cohort).body()).contains("2100-01-01 00:00");
            assertThat(ines.get(cohort + "/gradebook").body()).contains("class=\"cell cell-passed\"")
                    .doesNotContain("cell-late");
            assertThat(ines.get(cohort + "/gradebook.csv").body().lines().filter(l -> l.startsWith("ada,"))
                    .findFirst().orElseThrow()).contains("Z,no,");
            assertThat(ines.get(submission).body()).doesNotContain("id=\"late-mark\"");

            // Another instructor finds nothing: not the cohort, its gradebook, its CSV, charts, nor the submission.
            assertThat(otto.get(cohort).statusCode()).isEqualTo(404);
            assertThat(otto.get(cohort + "/gradebook").statusCode()).isEqualTo(404);
            assertThat(otto.get(cohort + "/gradebook.csv").statusCode()).isEqualTo(404);
            assertThat(otto.get(cohort + "/labs/" + LAB).statusCode()).isEqualTo(404);
            assertThat(otto.get(submission).statusCode()).isEqualTo(404);
            assertThat(otto.postForm("/cohorts", cohort + "/invites", Map.of("days", "7")).statusCode())
                    .isEqualTo(404);
            assertThat(otto.get("/cohorts").body()).contains("id=\"no-cohorts\"");

            // Revoked, the link lets nobody else in.
            String inviteRevoke = revokeAction(ines.get(cohort).body());
            assertThat(ines.postForm(cohort, inviteRevoke, Map.of()).statusCode()).isEqualTo(303);
            assertThat(server.get(join).body()).contains("This invite link does not work");
            TestBrowser bob = TestBrowser.signedIn(server, "bob", Role.LEARNER);
            assertThat(bob.postForm("/labs/" + LAB, join, Map.of()).body()).contains("expired or was revoked");
        }
    }

    private static String extensionOption(String page) {
        Matcher m = Pattern.compile("<option value=\"([0-9]+)\">ada \\(ada\\)</option>").matcher(page);
        assertThat(m.find()).as("ada in the extension form").isTrue();
        return m.group(1);
    }

    private static String revokeAction(String page) {
        Matcher m = Pattern.compile("action=\"(/cohorts/[0-9]+/invites/[0-9a-f]{64}/revoke)\"").matcher(page);
        assertThat(m.find()).as("a revoke form").isTrue();
        return m.group(1);
    }
}
