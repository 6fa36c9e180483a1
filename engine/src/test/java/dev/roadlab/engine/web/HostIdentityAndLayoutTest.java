package dev.roadlab.engine.web;

import static dev.roadlab.engine.TestBrowser.hiddenField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.HostUser;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.cohorts.Cohort;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host's Javalin app with its own users (the test host believes an {@code X-Test-User} header, standing in for its
 * own session cookie) mounts Roadlab at /learn with its identity hook, a sign-in URL of its own and its own header
 * and footer.
 */
class HostIdentityAndLayoutTest {

    private static final String LAB = "audit-log-indexes";
    private static final String HOST_HEADER = "<nav class=\"host-nav\">Host portal · <a href=\"/\">Home</a></nav>";
    private static final String HOST_FOOTER = "<footer class=\"host-footer\">© The host bootcamp</footer>";

    /** The host's user table: login -> who they are at the host. Changed by tests to play the host's admin. */
    private static final Map<String, HostUser> HOST_USERS = new ConcurrentHashMap<>();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        HOST_USERS.put("alice", new HostUser("host-1", "alice", "Alice Host", Role.LEARNER));
        HOST_USERS.put("bob", new HostUser("host-2", "bob", "Bob Host", Role.LEARNER));
        HOST_USERS.put("carol", new HostUser("host-3", "carol", "Carol Teacher", Role.INSTRUCTOR));
        Path data = Files.createTempDirectory("roadlab-host-identity");
        Roadlab roadlab = Roadlab.create(cfg -> {
            cfg.http.basePath = "/learn";
            cfg.data.dir(data);
            cfg.grading.workers = 0;
        });
        Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.result("the host's own home"));
            config.routes.get("/login", ctx -> ctx.result("the host's sign-in page"));
            config.registerPlugin(new RoadlabPlugin(p -> {
                p.roadlab = roadlab;
                p.identity = ctx -> Optional.ofNullable(ctx.header("X-Test-User")).map(HOST_USERS::get);
                p.signInUrl = "/login";
                p.layout = new HostLayout() {
                    @Override
                    public String header(io.javalin.http.Context ctx) {
                        return HOST_HEADER;
                    }

                    @Override
                    public String footer(io.javalin.http.Context ctx) {
                        return HOST_FOOTER;
                    }
                };
            }));
        });
        app.start();
        server = TestServer.hostedIn(roadlab, app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] as(String login, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "X-Test-User";
        headers[1] = login;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    @Test
    void a_host_user_sees_roadlab_in_the_hosts_frame_with_roadlabs_strict_headers() {
        HttpResponse<String> home = server.get("/learn/", as("alice"));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains(HOST_HEADER).contains(HOST_FOOTER).contains("Alice Host")
                .contains("action=\"/learn/search\"")
                .doesNotContain("site-footer").doesNotContain("Sign out").doesNotContain("/learn/sign-in");
        assertThat(home.headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);

        HttpResponse<String> hostHome = server.get("/", as("alice"));
        assertThat(hostHome.body()).isEqualTo("the host's own home");
        assertThat(hostHome.headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    @Test
    void a_stranger_is_sent_to_the_hosts_sign_in_page_and_the_api_answers_401() {
        HttpResponse<String> page = server.get("/learn/labs/" + LAB + "?tab=1");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/login?next=%2Flearn%2Flabs%2F" + LAB + "%3Ftab%3D1");

        HttpResponse<String> invite = server.get("/learn/join/some-invite");
        assertThat(invite.statusCode()).as("no Roadlab sign-up offered to a host's stranger").isEqualTo(303);
        assertThat(invite.headers().firstValue("Location")).hasValue("/login?next=%2Flearn%2Fjoin%2Fsome-invite");

        HttpResponse<String> api = server.get("/learn/api/submissions/x");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(api).path("error").asString()).contains("Sign in");
    }

    @Test
    void roadlabs_own_account_pages_are_not_there() {
        for (String path : List.of("/learn/sign-in", "/learn/sign-up", "/learn/account", "/learn/admin/users",
                "/learn/reset/abc")) {
            assertThat(server.get(path, as("alice")).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> tokens = server.get("/learn/account/tokens", as("alice"));
        assertThat(tokens.statusCode()).as("access tokens for the API stay").isEqualTo(200);
        assertThat(tokens.body()).doesNotContain("href=\"/learn/account\"");
        HttpResponse<String> signOut = server.postForm("/learn/sign-out", Map.of(),
                as("alice", "Origin", server.uri("").toString()));
        assertThat(signOut.statusCode()).isEqualTo(404);
    }

    @Test
    void a_host_user_submits_and_sees_their_own_submission_which_another_host_user_cannot_see() {
        HttpResponse<String> lab = server.get("/learn/labs/" + LAB, as("alice"));
        assertThat(lab.statusCode()).isEqualTo(200);
        String csrfCookie = TestServer.cookies(lab).entrySet().iterator().next().toString();
        HttpResponse<String> posted = server.postMultipart("/learn/labs/" + LAB + "/submissions",
                List.of(Part.field("_csrf", hiddenField(lab.body(), "_csrf")),
                        Part.file("migration.sql", "migration.sql", "-- nothing yet\n")),
                as("alice", "Cookie", csrfCookie, "Origin", server.uri("").toString(),
                        "Sec-Fetch-Site", "same-origin"));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/learn/submissions/");
        assertThat(TestServer.cookies(posted).keySet()).as("no session or learner cookie of Roadlab's for a host user")
                .noneMatch(name -> Identity.cookieBaseNames().stream().anyMatch(name::endsWith));

        HttpResponse<String> mine = server.get(location, as("alice"));
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains(HOST_HEADER);
        String id = location.substring("/learn/submissions/".length());
        assertThat(server.get("/learn/labs/" + LAB, as("alice")).body()).contains("Your attempts").contains(id);

        assertThat(server.get(location, as("bob")).statusCode()).isEqualTo(404);
        assertThat(server.get("/learn/labs/" + LAB, as("bob")).body()).doesNotContain(id);
        assertThat(server.get(location).statusCode()).as("a stranger").isEqualTo(303);
    }

    @Test
    void the_host_decides_who_is_an_instructor_and_a_role_it_takes_away_is_gone_on_the_next_request() {
        HostUser carol = new HostUser("host-3", "carol", "Carol Teacher", Role.INSTRUCTOR);
        HOST_USERS.put("carol", carol);
        assertThat(server.get("/learn/", as("carol")).body()).contains("href=\"/learn/cohorts\"");
        Account account = server.roadlab().accounts().fromHost(carol);
        Cohort cohort = server.roadlab().cohorts().create(Caller.signedIn(account, "test"), "Spring",
                server.roadlab().course().id());
        String gradebook = server.roadlab().urls().gradebook(cohort.id().value());

        HttpResponse<String> book = server.get(gradebook, as("carol"));
        assertThat(book.statusCode()).as(book.body()).isEqualTo(200);
        assertThat(book.body()).contains(HOST_HEADER).contains("Spring");
        assertThat(server.get(gradebook, as("alice")).statusCode()).isIn(403, 404);

        HOST_USERS.put("carol", new HostUser("host-3", "carol", "Carol Teacher", Role.LEARNER));
        HttpResponse<String> demoted = server.get(gradebook, as("carol"));
        assertThat(demoted.statusCode()).isIn(403, 404);
        assertThat(server.get("/learn/", as("carol")).body()).doesNotContain("href=\"/learn/cohorts\"");
        assertThat(server.roadlab().accounts().find(account.id()).orElseThrow().role()).isEqualTo(Role.LEARNER);
    }

    @Test
    void a_login_or_name_the_host_changes_is_kept_for_the_same_host_id() {
        HOST_USERS.put("dave", new HostUser("host-4", "dave", "Dave", Role.LEARNER));
        assertThat(server.get("/learn/", as("dave")).body()).contains("Dave");
        Account before = server.roadlab().accounts().fromHost(HOST_USERS.get("dave"));
        HOST_USERS.put("dave", new HostUser("host-4", "David.K", "David K", Role.LEARNER));
        assertThat(server.get("/learn/", as("dave")).body()).contains("David K");
        Account after = server.roadlab().accounts().find(before.id()).orElseThrow();
        assertThat(after.login()).isEqualTo("david.k");
        assertThat(after.learner()).isEqualTo(before.learner());
    }
}
