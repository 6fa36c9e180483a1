package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.cohorts.Cohort;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route Roadlab registers, asked by every kind of caller, answers the status this table says: authorization
 * tested as a whole rather than page by page. A route the table does not list fails the test, so a new route comes
 * with its row. Objects of another learner (or of another instructor's cohort) are absent (404), not forbidden;
 * a kind of page a role may not open at all is 403; strangers on a hosted Roadlab are sent to sign in (303 for a
 * page, 401 for a form post and for the API); a personal access token opens the API only (401 on pages).
 *
 * <p>Each state change is a real one, made with a fresh session and a valid CSRF token, so the refusals are the
 * authorization's and not the form's; and every form post is also sent once without its CSRF field, by an admin,
 * and must be refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    /** Who asks; the columns of the table, in this order. */
    enum Who {
        ANONYMOUS, LEARNER, OTHER_LEARNER, OTHER_INSTRUCTOR, INSTRUCTOR, ADMIN, TOKEN, TOKEN_WITHOUT_SCOPE
    }

    static final String PASSWORD = "correct horse battery staple";
    static final String LAB = "audit-log-indexes";
    static final String SOLUTION = "CREATE INDEX ON audit_logs (created_at);\n";
    static final String CSRF = "matrixcsrftokenmatrixcsrftokenmatrixcsrftok";

    private TestServer server;
    private final Map<Who, Account> accounts = new EnumMap<>(Who.class);
    private String token;
    private String tokenWithoutScope;
    private String submission;
    private Account target;
    private Cohort cohort;
    private String joinInvite;
    private long spareToken;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> asked = new TreeSet<>();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.onH2("matrix", TestSandboxes.servers(), 0, config -> config.withHosting(config.hosting()
                .withMode(RoadlabConfig.Mode.HOSTED).withSubmissionBudget(Optional.of("off"), Map.of())));
        var roadlab = server.roadlab();
        accounts.put(Who.LEARNER, account("lea", Role.LEARNER));
        accounts.put(Who.OTHER_LEARNER, account("otto", Role.LEARNER));
        accounts.put(Who.OTHER_INSTRUCTOR, account("olaf", Role.INSTRUCTOR));
        accounts.put(Who.INSTRUCTOR, account("ines", Role.INSTRUCTOR));
        accounts.put(Who.ADMIN, account("ada", Role.ADMIN));
        target = account("target", Role.LEARNER);

        // Ines runs the cohort Lea is in; Olaf runs another, Otto's.
        cohort = roadlab.cohorts().create(browser(Who.INSTRUCTOR), "Cohort of Ines", roadlab.course().id());
        Cohort other = roadlab.cohorts().create(browser(Who.OTHER_INSTRUCTOR), "Cohort of Olaf",
                roadlab.course().id());
        roadlab.cohorts().join(browser(Who.LEARNER),
                roadlab.cohorts().createInvite(browser(Who.INSTRUCTOR), cohort.id(), 7).orElseThrow().token());
        roadlab.cohorts().join(browser(Who.OTHER_LEARNER),
                roadlab.cohorts().createInvite(browser(Who.OTHER_INSTRUCTOR), other.id(), 7).orElseThrow().token());
        joinInvite = roadlab.cohorts().createInvite(browser(Who.INSTRUCTOR), cohort.id(), 7).orElseThrow().token();

        // Lea's graded submission, the object most rows ask about.
        submission = roadlab.submissions().submit(LAB, Submission.ofText(Map.of("migration.sql", SOLUTION)),
                browser(Who.LEARNER));
        GradingQueue queue = new GradingQueue(roadlab.database().dsl(), Clock.systemUTC());
        Job job = queue.claim("matrix", Duration.ofMinutes(1)).orElseThrow();
        assertThat(queue.finish(job, GradeReport.withoutChecks(LAB, Verdict.FAILED, 14, "", Timings.NONE, 1)))
                .isTrue();

        // Lea's token may submit and read; Ines's only submit (no read, no gradebook).
        token = roadlab.accessTokens().create(browser(Who.LEARNER), "matrix", Set.of(Scope.SUBMIT, Scope.READ),
                Optional.empty()).secret();
        tokenWithoutScope = roadlab.accessTokens().create(browser(Who.INSTRUCTOR), "matrix", Set.of(Scope.SUBMIT),
                Optional.empty()).secret();
        spareToken = roadlab.accessTokens().create(browser(Who.LEARNER), "spare", Set.of(Scope.READ),
                Optional.empty()).token().id();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Account account(String login, Role role) {
        return server.roadlab().accounts().create(login, login, PASSWORD, role, Optional.empty());
    }

    private Caller browser(Who who) {
        return Caller.signedIn(accounts.get(who), "127.0.0.1");
    }

    /** A request's parts: the path (made per request: some rows use a link once) and a body. */
    record Ask(String method, String route, Supplier<String> path, Map<String, String> form, boolean multipart,
               boolean csrf) {

        Ask(String method, String route, Supplier<String> path, Map<String, String> form, boolean multipart) {
            this(method, route, path, form, multipart, true);
        }
    }

    /** The statuses, in {@link Who}'s order. */
    private void row(String method, String route, Supplier<String> path, Map<String, String> form, boolean multipart,
                     int... expected) {
        assertThat(expected).as(route).hasSize(Who.values().length);
        asked.add(method + " " + route);
        for (Who who : Who.values()) {
            HttpResponse<String> response = send(who, new Ask(method, route, path, form, multipart));
            int status = response.statusCode();
            if (status != expected[who.ordinal()]) {
                String said = response.body().replaceAll("\\s+", " ")
                        .replaceAll(".*<p class=\"lead\">([^<]*)</p>.*", "$1");
                mismatches.add(String.format("%-6s %-45s %-20s expected %d, got %d: %s", method, route, who,
                        expected[who.ordinal()], status, said.substring(0, Math.min(160, said.length()))));
            }
            if (method.equals("POST") && !route.startsWith("/api/") && who == Who.ADMIN) {
                HttpResponse<String> forged = send(who, new Ask(method, route, path, form, multipart, false));
                if (forged.statusCode() != 403) {
                    mismatches.add("POST   " + route + " without the CSRF field: " + forged.statusCode()
                            + ", not 403");
                }
            }
            if (method.equals("GET") && !route.endsWith("/events")) {
                HttpResponse<String> head = send(who, new Ask("HEAD", route, path, form, false));
                if (head.statusCode() != status) {
                    mismatches.add("HEAD   " + route + " " + who + ": " + head.statusCode() + ", GET said " + status);
                }
            }
        }
    }

    private void get(String route, String path, int... expected) {
        row("GET", route, () -> path, Map.of(), false, expected);
    }

    private void post(String route, String path, Map<String, String> form, int... expected) {
        row("POST", route, () -> path, form, false, expected);
    }

    private HttpResponse<String> send(Who who, Ask ask) {
        String path = ask.path().get();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        List<String> cookies = new ArrayList<>();
        cookies.add("__Host-roadlab-csrf=" + CSRF);
        switch (who) {
            case ANONYMOUS -> { }
            case TOKEN -> request.header("Authorization", "Bearer " + token);
            case TOKEN_WITHOUT_SCOPE -> request.header("Authorization", "Bearer " + tokenWithoutScope);
            default -> cookies.add("__Host-roadlab-session="
                    + server.roadlab().accounts().startSession(accounts.get(who).id()));
        }
        if (who != Who.TOKEN && who != Who.TOKEN_WITHOUT_SCOPE) {
            request.header("Cookie", String.join("; ", cookies));
        }
        if (path.endsWith("/events")) {
            request.header("Accept", "text/event-stream");
        }
        switch (ask.method()) {
            case "GET" -> request.GET();
            case "HEAD" -> request.method("HEAD", HttpRequest.BodyPublishers.noBody());
            default -> {
                request.header("Origin", server.uri("").toString()).header("Sec-Fetch-Site", "same-origin");
                Map<String, String> form = new LinkedHashMap<>();
                // "{who}" in a value: one per caller (sign-in attempts are limited per login).
                ask.form().forEach((k, v) -> form.put(k, v.replace("{who}", who.name().toLowerCase(Locale.ROOT))));
                if (ask.csrf()) {
                    form.put("_csrf", CSRF);
                }
                if (ask.multipart()) {
                    List<Part> parts = new ArrayList<>();
                    form.forEach((k, v) -> parts.add(Part.field(k, v)));
                    parts.add(Part.file("migration.sql", "migration.sql", SOLUTION));
                    return server.postMultipart(path, parts, headersOf(request.build()));
                }
                request.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&"))));
            }
        }
        return server.send(request.build());
    }

    private static String[] headersOf(HttpRequest request) {
        List<String> all = new ArrayList<>();
        request.headers().map().forEach((name, values) -> values.forEach(v -> {
            all.add(name);
            all.add(v);
        }));
        return all.toArray(String[]::new);
    }

    @Test
    void every_route_answers_every_caller_as_the_table_says() {
        String s = submission;
        long c = cohort.id().value();
        String lea = String.valueOf(accounts.get(Who.LEARNER).id().value());
        //                                                        ANON LEARN OTHER OINST INSTR ADMIN TOKEN NOSCP
        get("/", "/",                                               303, 200, 200, 200, 200, 200, 401, 401);
        get("/modules/{id}", "/modules/orientation",                303, 200, 200, 200, 200, 200, 401, 401);
        post("/modules/{id}/progress", "/modules/orientation/progress", Map.of("read", "true"),
                                                                    401, 303, 303, 303, 303, 303, 401, 401);
        get("/course/<path>", "/course/images/api-perimeter.svg",   303, 200, 200, 200, 200, 200, 401, 401);
        get("/search", "/search?q=index",                           303, 200, 200, 200, 200, 200, 401, 401);
        get("/assets/{name}", "/assets/app.css",                    200, 200, 200, 200, 200, 200, 401, 401);
        get("/labs/{id}", "/labs/" + LAB,                           303, 200, 200, 200, 200, 200, 401, 401);
        row("POST", "/labs/{id}/submissions", () -> "/labs/" + LAB + "/submissions", Map.of(), true,
                                                                    401, 303, 303, 303, 303, 303, 401, 401);
        get("/labs/{id}/starter.zip", "/labs/" + LAB + "/starter.zip", 303, 200, 200, 200, 200, 200, 401, 401);
        get("/labs/{id}/starter/{name}", "/labs/" + LAB + "/starter/migration.sql",
                                                                    303, 200, 200, 200, 200, 200, 401, 401);
        get("/submissions/{id}", "/submissions/" + s,               303, 200, 404, 404, 200, 200, 401, 401);
        get("/submissions/{id}/events", "/submissions/" + s + "/events",
                                                                    303, 200, 404, 404, 200, 200, 401, 401);

        get("/sign-in", "/sign-in",                                 200, 303, 303, 303, 303, 303, 401, 401);
        row("POST", "/sign-in", () -> "/sign-in", Map.of("login", "nobody-{who}", "password", "not a password"), false,
                                                                    401, 401, 401, 401, 401, 401, 401, 401);
        get("/sign-up", "/sign-up",                                 200, 200, 200, 200, 200, 200, 401, 401);
        post("/sign-up", "/sign-up", Map.of("login", "newcomer", "name", "New", "password", PASSWORD),
                                                                    403, 403, 403, 403, 403, 403, 401, 401);
        post("/sign-out", "/sign-out", Map.of(),                    303, 303, 303, 303, 303, 303, 401, 401);
        row("GET", "/reset/{token}", this::resetLink, Map.of(), false,
                                                                    200, 200, 200, 200, 200, 200, 401, 401);
        row("POST", "/reset/{token}", this::resetLink, Map.of("password", "a password from a reset"), false,
                                                                    303, 303, 303, 303, 303, 303, 401, 401);
        get("/account", "/account",                                 303, 200, 200, 200, 200, 200, 401, 401);
        post("/account/password", "/account/password", Map.of("current", "not it", "password", "whatever new one"),
                                                                    401, 400, 400, 400, 400, 400, 401, 401);
        get("/account/tokens", "/account/tokens",                   303, 200, 200, 200, 200, 200, 401, 401);
        post("/account/tokens", "/account/tokens", Map.of("name", "from the matrix", "scope", "read"),
                                                                    401, 201, 201, 201, 201, 201, 401, 401);
        post("/account/tokens/{id}/revoke", "/account/tokens/" + spareToken + "/revoke", Map.of(),
                                                                    401, 303, 404, 404, 404, 404, 401, 401);
        get("/admin/users", "/admin/users",                         303, 403, 403, 403, 403, 200, 401, 401);
        post("/admin/users", "/admin/users", Map.of("login", "made-by-admin", "name", "Made", "password", PASSWORD,
                "role", "learner"),                                 401, 403, 403, 403, 403, 303, 401, 401);
        post("/admin/users/{id}/role", "/admin/users/" + target.id().value() + "/role", Map.of("role", "learner"),
                                                                    401, 403, 403, 403, 403, 303, 401, 401);
        post("/admin/users/{id}/reset", "/admin/users/" + target.id().value() + "/reset", Map.of(),
                                                                    401, 403, 403, 403, 403, 200, 401, 401);

        get("/cohorts", "/cohorts",                                 303, 403, 403, 200, 200, 200, 401, 401);
        post("/cohorts", "/cohorts", Map.of("name", "Another cohort"),
                                                                    401, 403, 403, 303, 303, 303, 401, 401);
        get("/cohorts/{id}", "/cohorts/" + c,                       303, 403, 403, 404, 200, 200, 401, 401);
        post("/cohorts/{id}/invites", "/cohorts/" + c + "/invites", Map.of("days", "7"),
                                                                    401, 403, 403, 404, 200, 200, 401, 401);
        row("POST", "/cohorts/{id}/invites/{invite}/revoke", () -> "/cohorts/" + c + "/invites/" + newInvite()
                + "/revoke", Map.of(), false,                       401, 403, 403, 404, 303, 303, 401, 401);
        post("/cohorts/{id}/settings", "/cohorts/" + c + "/settings", Map.of("budget", ""),
                                                                    401, 403, 403, 404, 303, 303, 401, 401);
        post("/cohorts/{id}/labs/{lab}/settings", "/cohorts/" + c + "/labs/" + LAB + "/settings",
                Map.of("due", "", "budget", ""),                    401, 403, 403, 404, 303, 303, 401, 401);
        post("/cohorts/{id}/extensions", "/cohorts/" + c + "/extensions",
                Map.of("learner", lea, "lab", LAB, "due", "2030-01-01T12:00"),
                                                                    401, 403, 403, 404, 303, 303, 401, 401);
        post("/cohorts/{id}/extensions/remove", "/cohorts/" + c + "/extensions/remove",
                Map.of("learner", lea, "lab", LAB),                 401, 403, 403, 404, 303, 303, 401, 401);
        post("/cohorts/{id}/instructors", "/cohorts/" + c + "/instructors", Map.of("login", "ada"),
                                                                    401, 403, 403, 404, 303, 303, 401, 401);
        get("/cohorts/{id}/gradebook", "/cohorts/" + c + "/gradebook", 303, 403, 403, 404, 200, 200, 401, 401);
        get("/cohorts/{id}/gradebook.csv", "/cohorts/" + c + "/gradebook.csv",
                                                                    303, 403, 403, 404, 200, 200, 401, 401);
        get("/cohorts/{id}/labs/{lab}", "/cohorts/" + c + "/labs/" + LAB, 303, 403, 403, 404, 200, 200, 401, 401);
        get("/join/{token}", "/join/" + joinInvite,                 200, 200, 200, 200, 200, 200, 401, 401);
        post("/join/{token}", "/join/" + joinInvite, Map.of(),      401, 303, 303, 303, 303, 303, 401, 401);

        get("/api/openapi.json", "/api/openapi.json",               200, 200, 200, 200, 200, 200, 200, 200);
        get("/api/labs", "/api/labs",                               401, 200, 200, 200, 200, 200, 200, 200);
        row("POST", "/api/labs/{lab}/submissions", () -> "/api/labs/" + LAB + "/submissions", Map.of(), true,
                                                                    401, 202, 202, 202, 202, 202, 202, 202);
        get("/api/cohorts/{id}/gradebook.csv", "/api/cohorts/" + c + "/gradebook.csv",
                                                                    401, 403, 403, 404, 200, 200, 403, 403);
        get("/api/submissions/{id}", "/api/submissions/" + s,       401, 200, 404, 404, 200, 200, 200, 403);
        get("/api/submissions/{id}/events", "/api/submissions/" + s + "/events",
                                                                    401, 200, 404, 404, 200, 200, 200, 403);

        // Probes and metrics (OpsPlugin, at the server root): for the orchestrator, which has no session.
        get("/healthz", "/healthz",                                 200, 200, 200, 200, 200, 200, 200, 200);
        get("/readyz", "/readyz",                                   200, 200, 200, 200, 200, 200, 200, 200);
        get("/metrics", "/metrics",                                 200, 200, 200, 200, 200, 200, 200, 200);

        Set<String> registered = new TreeSet<>();
        for (String route : server.registeredRoutes()) {
            if (!route.startsWith("HEAD ") && !route.startsWith("BEFORE") && !route.startsWith("AFTER")) {
                registered.add(route);
            }
        }
        assertThat(asked).as("every registered route has a row, and every row a route").isEqualTo(registered);
        assertThat(mismatches).as("cells that differ from the table").isEmpty();
    }

    /** A new invite of the cohort (revoking one is a one-time act), by its id. */
    private String newInvite() {
        return server.roadlab().cohorts().createInvite(browser(Who.INSTRUCTOR), cohort.id(), 7).orElseThrow()
                .invite().id();
    }

    /** A fresh one-time reset link for the target account, as an admin makes them. */
    private String resetLink() {
        return "/reset/" + server.roadlab().accounts().resetToken(browser(Who.ADMIN), target.id());
    }
}
