package dev.roadlab.engine.web;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestBrowser;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hosted mode through its pages: signing in, up and out, passwords, the admin's page, and the cookie rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountPagesTest {

    static final String PASSWORD = "correct horse battery staple";
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.onH2("accounts-pages", TestSandboxes.servers(), 0, config -> config.withHosting(
                config.hosting().withMode(RoadlabConfig.Mode.HOSTED).withSignUp(RoadlabConfig.SignUp.OPEN)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> signIn(TestBrowser browser, String login, String password) {
        return browser.postForm("/sign-in", "/sign-in", Map.of("login", login, "password", password, "next", "/labs/audit-log-indexes"));
    }

    @Test
    void hosted_mode_sends_strangers_to_sign_in_and_tells_api_clients_401() {
        HttpResponse<String> page = server.get("/modules/orientation");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/sign-in?next=%2Fmodules%2Forientation");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> api = server.get("/api/submissions/00000000-0000-0000-0000-000000000000");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(TestServer.json(api).path("error").asString()).contains("Sign in");
        assertThat(server.get("/sign-in").statusCode()).isEqualTo(200);
        assertThat(server.get("/assets/app.css").statusCode()).as("assets are open").isEqualTo(200);
    }

    @Test
    void signing_in_sets_a_host_only_secure_http_only_lax_cookie_replacing_any_earlier_session() {
        server.roadlab().accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, java.util.Optional.empty());
        TestBrowser browser = new TestBrowser(server);
        HttpResponse<String> in = signIn(browser, "Ada", PASSWORD);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/labs/audit-log-indexes");
        String cookie = in.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(TestBrowser.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure").doesNotContain("Domain=");
        String first = browser.cookies().get(TestBrowser.SESSION_COOKIE);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        assertThat(browser.get("/").body()).contains("Ada").contains("Sign out");

        // Signing in again (say, after a fixation attempt planted a session) gives a new session; the old one is over.
        browser.postForm("/", "/sign-in", Map.of("login", "ada", "password", PASSWORD));
        String second = browser.cookies().get(TestBrowser.SESSION_COOKIE);
        assertThat(second).isNotEqualTo(first);
        assertThat(server.roadlab().accounts().session(first)).isEmpty();
        assertThat(server.roadlab().accounts().session(second)).isPresent();

        HttpResponse<String> out = browser.postForm("/", "/sign-out", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(server.roadlab().accounts().session(second)).as("ended on the server, not only in the browser").isEmpty();
        assertThat(server.get("/", "Cookie", TestBrowser.SESSION_COOKIE + "=" + second).statusCode()).isEqualTo(303);
    }

    @Test
    void a_wrong_password_and_an_unknown_login_get_the_same_page_and_throttling_says_when_to_come_back() {
        server.roadlab().accounts().create("grace", "Grace", PASSWORD, Role.LEARNER, java.util.Optional.empty());
        TestBrowser browser = new TestBrowser(server);
        HttpResponse<String> wrong = signIn(browser, "grace", "not the password");
        HttpResponse<String> unknown = signIn(browser, "nobody-at-all", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401).isEqualTo(unknown.statusCode());
        assertThat(wrong.body()).contains(AccountPages.REFUSED);
        assertThat(withoutTokens(wrong.body()).replace("grace", "LOGIN"))
                .isEqualTo(withoutTokens(unknown.body()).replace("nobody-at-all", "LOGIN"));
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = signIn(browser, "grace", "not the password");
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 181));
        assertThat(last.body()).contains("Too many sign-in attempts for this login. Try again in");
        assertThat(signIn(browser, "grace", PASSWORD).statusCode()).as("even the right password waits").isEqualTo(429);
    }

    private static String withoutTokens(String html) {
        return html.replaceAll("value=\"[A-Za-z0-9_-]{43}\"", "value=\"TOKEN\"");
    }

    @Test
    void sign_up_answers_the_same_whether_the_login_was_free_or_taken() {
        server.roadlab().accounts().create("taken", "Taken", PASSWORD, Role.LEARNER, java.util.Optional.empty());
        HttpResponse<String> free = new TestBrowser(server).postForm("/sign-up", "/sign-up",
                Map.of("login", "newcomer", "name", "New Comer", "password", PASSWORD));
        HttpResponse<String> taken = new TestBrowser(server).postForm("/sign-up", "/sign-up",
                Map.of("login", "taken", "name", "Someone Else", "password", PASSWORD));
        assertThat(free.statusCode()).isEqualTo(303).isEqualTo(taken.statusCode());
        assertThat(free.headers().firstValue("Location")).isEqualTo(taken.headers().firstValue("Location"));
        assertThat(new TestBrowser(server).get(free.headers().firstValue("Location").orElseThrow()).body())
                .contains("If that login was free, your account is ready");
        HttpResponse<String> weak = new TestBrowser(server).postForm("/sign-up", "/sign-up",
                Map.of("login", "x", "name", "X", "password", "short"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("a login is 2 to 32").contains("at least 10 characters");
    }

    @Test
    void changing_the_password_signs_out_the_other_browsers() {
        TestBrowser laptop = TestBrowser.signedIn(server, "linus", Role.LEARNER);
        TestBrowser phone = new TestBrowser(server);
        signIn(phone, "linus", PASSWORD);
        assertThat(phone.get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = laptop.postForm("/account", "/account/password",
                Map.of("current", PASSWORD, "password", "a new and longer one"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        assertThat(laptop.get("/account").statusCode()).as("the asking browser stays signed in").isEqualTo(200);
        assertThat(phone.get("/").statusCode()).as("the other is signed out").isEqualTo(303);
    }

    @Test
    void admins_see_the_gradings_given_up_and_nobody_else_can_read_them() {
        TestBrowser learner = TestBrowser.signedIn(server, "gus", Role.LEARNER);
        var roadlab = server.roadlab();
        Caller gus = Caller.signedIn(learner.account().orElseThrow(), "127.0.0.1");
        String id = roadlab.submissions().submit("edge-validation", roadlab.labs().get("edge-validation").starter(), gus);
        GradeReport gaveUp = GradeReport.withoutChecks("edge-validation", Verdict.INFRASTRUCTURE, 10,
                "The JSON Schema sandbox kept failing", null, 3);
        roadlab.database().dsl().update(SUBMISSIONS).set(SUBMISSIONS.STATUS, "done")
                .set(SUBMISSIONS.VERDICT, "infrastructure").set(SUBMISSIONS.GAVE_UP, true).set(SUBMISSIONS.ATTEMPTS, 3)
                .set(SUBMISSIONS.REPORT, ReportJson.write(gaveUp)).set(SUBMISSIONS.FINISHED_AT, OffsetDateTime.now())
                .where(SUBMISSIONS.ID.eq(id)).execute();

        String page = TestBrowser.signedIn(server, "groot", Role.ADMIN).get("/admin/users").body();
        assertThat(page).contains("Gradings given up").contains(id).contains("The JSON Schema sandbox kept failing");
        assertThatThrownBy(() -> roadlab.queue().gaveUp(gus, 10)).isInstanceOf(NotAllowedException.class);
        assertThat(learner.get("/admin/users").statusCode()).isEqualTo(403);
    }

    @Test
    void the_admins_page_is_for_admins_and_its_reset_link_works_once() {
        TestBrowser learner = TestBrowser.signedIn(server, "lena", Role.LEARNER);
        assertThat(learner.get("/admin/users").statusCode()).isEqualTo(403);
        TestBrowser admin = TestBrowser.signedIn(server, "root", Role.ADMIN);
        assertThat(admin.get("/admin/users").body()).contains("lena").contains("Create an account");
        assertThat(learner.postForm("/", "/admin/users", Map.of("login", "eve", "name", "Eve",
                "password", PASSWORD, "role", "admin")).statusCode()).isEqualTo(403);
        long id = learner.account().orElseThrow().id().value();
        HttpResponse<String> made = admin.postForm("/admin/users", "/admin/users/" + id + "/reset", Map.of());
        assertThat(made.statusCode()).isEqualTo(200);
        String link = made.body().replaceAll("(?s).*<code class=\"reset-link\">https?://[^/]+(/reset/[A-Za-z0-9_-]{43})</code>.*", "$1");
        assertThat(link).startsWith("/reset/");
        TestBrowser stranger = new TestBrowser(server);
        assertThat(stranger.postForm(link, link, Map.of("password", "reset by the admin")).statusCode()).isEqualTo(303);
        assertThat(stranger.get(link).statusCode()).as("used").isEqualTo(404);
        assertThat(learner.get("/").statusCode()).as("reset signs every browser out").isEqualTo(303);
        assertThat(signIn(new TestBrowser(server), "lena", "reset by the admin").statusCode()).isEqualTo(303);
    }

    @Test
    void state_changes_with_an_opaque_origin_or_with_cookies_and_no_origin_are_refused() {
        TestBrowser ada = TestBrowser.signedIn(server, "olga", Role.LEARNER);
        String csrf = TestBrowser.hiddenField(ada.get("/").body(), "_csrf");
        String cookies = ada.cookieHeader();
        HttpResponse<String> opaque = server.postForm("/sign-out", Map.of("_csrf", csrf), "Cookie", cookies,
                "Origin", "null");
        assertThat(opaque.statusCode()).isEqualTo(403);
        assertThat(opaque.body()).contains("Origin: null");
        HttpResponse<String> bare = server.postForm("/sign-out", Map.of("_csrf", csrf), "Cookie", cookies);
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("neither where it comes from");
        HttpResponse<String> crossSite = server.postForm("/sign-out", Map.of("_csrf", csrf), "Cookie", cookies,
                "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(ada.account()).as("still signed in after all three").isPresent();
    }

    @Test
    void every_page_answer_says_how_to_cache_it() {
        TestBrowser ada = TestBrowser.signedIn(server, "cache", Role.LEARNER);
        for (String path : List.of("/", "/search?q=index", "/no/such/page", "/labs/no-such-lab", "/admin/users",
                "/sign-in", "/api/submissions/x", "/modules/orientation")) {
            HttpResponse<String> r = ada.get(path);
            assertThat(r.headers().firstValue("Cache-Control")).as(path + " (" + r.statusCode() + ")").hasValue("no-store");
        }
        assertThat(ada.get("/assets/app.css").headers().firstValue("Cache-Control")).isPresent();
    }
}
