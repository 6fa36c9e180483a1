package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.http.Alert;
import dev.roadlab.grader.http.HttpAssert;
import dev.roadlab.grader.http.HttpExchange;
import dev.roadlab.grader.http.ObservatoryReport;
import dev.roadlab.grader.http.PassiveScan;
import dev.roadlab.grader.http.PassiveScanReport;
import dev.roadlab.grader.http.Observatory;
import dev.roadlab.grader.http.SetCookie;
import dev.roadlab.grader.testing.TestSandboxes;
import dev.roadlab.labs.SecureHeaderRules;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Roadlab passes its own secure-headers lab: a ZAP-style passive scan and an Observatory-style grade over its
 * pages, its API and its assets, as a real server answers them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityScanTest {

    private TestServer server;
    private final List<HttpExchange> pages = new ArrayList<>();
    private final List<HttpExchange> all = new ArrayList<>();
    private final List<HttpExchange> api = new ArrayList<>();
    private HttpExchange signIn;

    @BeforeAll
    void start_and_visit_like_a_browser_and_a_script() {
        server = TestServer.onH2("security-scan", TestSandboxes.servers(), 0);
        for (String path : List.of("/", "/modules/data-modeling", "/labs/audit-log-indexes", "/search?q=index",
                "/missing")) {
            pages.add(HttpExchange.of(server.get(path)));
        }
        HttpResponse<String> module = server.get("/modules/orientation");
        pages.add(HttpExchange.of(module));
        String csrf = TestServer.cookies(module).get("__Host-roadlab-csrf");
        String token = SubmissionEndToEndTest.hiddenField(module.body(), "_csrf");
        HttpResponse<String> markRead = server.postForm("/modules/orientation/progress",
                Map.of("_csrf", token, "read", "true"), "Cookie", "__Host-roadlab-csrf=" + csrf,
                "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(markRead.statusCode()).as(markRead.body()).isEqualTo(303);
        all.addAll(pages);
        signIn = HttpExchange.of(markRead);
        all.add(signIn);
        HttpResponse<String> submitted = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                List.of(Part.file("file", "migration.sql", "SELECT 1;")));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        api.add(HttpExchange.of(submitted));
        String id = TestServer.json(submitted).path("id").asString();
        api.add(HttpExchange.of(server.get("/api/submissions/" + id)));
        api.add(HttpExchange.of(server.get("/api/submissions/999999999")));
        all.addAll(api);
        all.add(HttpExchange.of(server.get("/assets/app.css")));
        all.add(HttpExchange.of(server.get("/assets/app.js")));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void a_zap_baseline_scan_raises_nothing_of_medium_risk_or_higher() {
        PassiveScanReport report = PassiveScan.of(all);
        assertThat(report.atLeast(Alert.Risk.MEDIUM)).as(report.describe()).isEmpty();
        // Nor anything of low risk: over plain http, that is (see the known gap below).
        assertThat(report.alerts()).as(report.describe()).isEmpty();
    }

    @Test
    void every_page_carries_a_strict_content_security_policy_without_unsafe_inline() {
        for (HttpExchange page : all) {
            HttpAssert.that(page).hasNosniff().csp()
                    .isEnforced()
                    .isWellFormed()
                    .hasDefaultSrcNoneOrSelf()
                    .restrictsBaseUri()
                    .restrictsFrameAncestors()
                    .restrictsFormAction()
                    .objectSources().isNone().and()
                    .scriptSources().allowsNoInlineScript().allowsNoEval()
                    .excludes("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:").and()
                    .styleSources().allowsNoInlineStyle().excludes("'unsafe-inline'");
        }
        for (HttpExchange page : pages) {
            HttpAssert.that(page).hasStrictReferrerPolicy().hasPermissionsPolicy("camera", "microphone", "geolocation")
                    .csp().loadsScript("/assets/app.js").loadsStyle("/assets/app.css");
        }
    }

    @Test
    void every_cookie_is_secure_http_only_same_site_and_kept_by_browsers() {
        List<String> names = all.stream().flatMap(e -> e.cookies().stream()).map(SetCookie::name).distinct().toList();
        assertThat(names).contains("__Host-roadlab-csrf", "__Host-roadlab-learner");
        for (HttpExchange e : all) {
            HttpAssert.that(e).everyCookie().isSecure().isHttpOnly()
                    .hasSameSite(SetCookie.SameSite.STRICT, SetCookie.SameSite.LAX).isAcceptedByBrowsers();
        }
    }

    @Test
    void the_observatory_grades_every_response_a_plus() {
        ObservatoryReport report = Observatory.score(all);
        assertThat(report.grade()).as(report.describe()).isEqualTo("A+");
        assertThat(report.worst().test("cookies").result().id())
                .isEqualTo("cookies-secure-with-httponly-sessions-and-samesite");
    }

    /**
     * Known gap, decided by issue 14: Roadlab sends Strict-Transport-Security only on requests it receives over
     * https, and a Roadlab behind a TLS-terminating proxy sees plain http, so it sends none there. The scan over
     * http can therefore not judge HSTS: ZAP's https-only rules (10011, 10015, 10035) do not run and the
     * Observatory's HSTS test is left out rather than charged -20.
     */
    @Test
    void known_gap_hsts_is_sent_only_over_https_so_this_scan_cannot_judge_it() {
        for (HttpExchange e : all) {
            assertThat(e.hsts().isSent()).as("%s over plain http", e.describe()).isFalse();
        }
        assertThat(Observatory.score(all).leftOut()).anySatisfy(l -> assertThat(l).startsWith(
                "strict-transport-security for the " + all.size() + " response(s) over plain http"));
    }

    /**
     * The secure-headers lab's own rules, exactly as its checks hold a learner's nginx to them, applied to Roadlab's
     * pages, assets and API: Roadlab passes every one of them but HSTS (the known gap above, tested below as a
     * failure so that the day it is fixed this test says so).
     */
    @Test
    void roadlab_passes_the_secure_headers_labs_own_checks_but_hsts() {
        SecureHeaderRules.strictContentSecurityPolicy(all);
        SecureHeaderRules.nosniff(all);
        SecureHeaderRules.referrerAndPermissionsPolicies(all);
        SecureHeaderRules.namesNoVersionOrFramework(all);
        SecureHeaderRules.sessionCookieIsProtected(signIn, "__Host-roadlab-learner");
        SecureHeaderRules.apiIsNotStoredOrShared(api);
        assertThat(SecureHeaderRules.passesBaselineScanAtGradeA(all)).contains("Observatory: ").contains("(A+)");
    }

    /** The lab's HSTS check, which Roadlab fails over plain http: issue 14 decides how a Roadlab behind TLS sends it. */
    @Test
    void known_gap_roadlab_fails_the_secure_headers_labs_hsts_check_over_plain_http() {
        assertThatThrownBy(() -> SecureHeaderRules.strictTransportSecurity(all))
                .hasMessageStartingWith("GET / (200) sends no Strict-Transport-Security.");
    }
}
