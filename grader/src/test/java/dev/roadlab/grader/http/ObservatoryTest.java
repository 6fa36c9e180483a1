package dev.roadlab.grader.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Observatory port against the expectations of mdn/mdn-http-observatory's own tests (test/csp.test.js,
 * test/cookies.test.js, test/grader.test.js, ...), on a front page at https://mozilla.org as their helpers use.
 */
class ObservatoryTest {

    private static HttpExchange page(String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: text/html";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return HttpExchange.of("GET https://mozilla.org/", 200, all).withBody("<html><body>hi</body></html>");
    }

    private static Expectation csp(String policy) {
        return ObservatoryCsp.test(page("Content-Security-Policy: " + policy)).result();
    }

    // test/grader.test.js "gets the grade" and src/grader/charts.js GRADE_CHART
    @Test
    void grades_follow_the_chart_rounding_down_to_fives() {
        assertThat(Observatory.grade(100)).isEqualTo("A+");
        assertThat(Observatory.grade(120)).isEqualTo("A+");
        assertThat(Observatory.grade(0)).isEqualTo("F");
        assertThat(Observatory.grade(-10)).isEqualTo("F");
        assertThat(Observatory.grade(99)).isEqualTo("A");
        assertThat(Observatory.grade(90)).isEqualTo("A");
        assertThat(Observatory.grade(89)).isEqualTo("A-");
        assertThat(Observatory.grade(80)).isEqualTo("B+");
        assertThat(Observatory.grade(74)).isEqualTo("B");
        assertThat(Observatory.grade(65)).isEqualTo("B-");
        assertThat(Observatory.grade(45)).isEqualTo("C-");
        assertThat(Observatory.grade(25)).isEqualTo("D-");
        assertThat(Observatory.grade(24)).isEqualTo("F");
    }

    // test/csp.test.js "header invalid" (the two blank values become one empty header here)
    @ParameterizedTest
    @ValueSource(strings = {"", "default-src 'none'; default-src 'none'",
            "default-src 'none'; img-src 'self'; default-src 'none'",
            "default-src 'none'; script-src 'strict-dynamic'", "defa"})
    void invalid_policies(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_HEADER_INVALID);
    }

    // test/csp.test.js "unsafe inline"
    @ParameterizedTest
    @ValueSource(strings = {"script-src 'unsafe-inline'", "script-src data:", "script-src http:", "script-src ftp:",
            "default-src 'unsafe-inline'", "default-src 'UNSAFE-INLINE'", "upgrade-insecure-requests",
            "script-src 'none'", "script-src https:", "script-src https://mozilla.org https:",
            "default-src https://mozilla.org https:", "default-src 'none'; script-src *",
            "default-src *; script-src *; object-src 'none'", "default-src 'none'; script-src 'none'; object-src *",
            "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'",
            "default-src 'none'; script-src 'unsafe-inline' http:", "object-src https:; script-src 'none'"})
    void unsafe_inline(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_INLINE);
    }

    // test/csp.test.js "insecure scheme" (on an https site)
    @ParameterizedTest
    @ValueSource(strings = {"default-src http://mozilla.org", "default-src 'none'; script-src http://mozilla.org",
            "default-src 'none'; script-src ftp://mozilla.org"})
    void insecure_scheme(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_INSECURE_SCHEME);
    }

    // test/csp.test.js "insecure scheme in passive content only"
    @ParameterizedTest
    @ValueSource(strings = {"default-src 'none'; img-src http://mozilla.org", "default-src 'self'; img-src ftp:",
            "default-src 'self'; img-src http:", "default-src 'none'; img-src https:; media-src http://mozilla.org",
            "default-src 'none'; img-src http: https:; script-src 'self'; style-src 'self'",
            "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'unsafe-inline'"})
    void insecure_scheme_in_passive_content_only(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_INSECURE_SCHEME_IN_PASSIVE_CONTENT_ONLY);
    }

    // test/csp.test.js "unsafe eval"
    @Test
    void unsafe_eval() {
        assertThat(csp("default-src 'none'; script-src 'unsafe-eval'"))
                .isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_EVAL);
    }

    // test/csp.test.js "unsafe inline in style src only"
    @ParameterizedTest
    @ValueSource(strings = {"object-src 'none'; script-src 'none'; style-src 'unsafe-inline'",
            "default-src 'none'; script-src https://mozilla.org; style-src 'unsafe-inline'",
            "default-src 'unsafe-inline'; script-src https://mozilla.org",
            "default-src 'none';;; ;;;style-src 'self' 'unsafe-inline'", "default-src 'none'; style-src data:",
            "default-src 'none'; style-src *", "default-src 'none'; style-src https:",
            "default-src 'none'; style-src 'unsafe-inline'; script-src "
                    + "'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'"})
    void unsafe_inline_in_style_src_only(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_INLINE_IN_STYLE_SRC_ONLY);
    }

    // test/csp.test.js "no unsafe"
    @ParameterizedTest
    @ValueSource(strings = {"default-src https://mozilla.org", "default-src https://mozilla.org;;; ;;;script-src 'none'",
            "object-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
            "object-src 'none'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline'; style-src 'none'",
            "object-src 'none'; style-src 'self';script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='",
            "object-src 'none'; script-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'; style-src 'none'",
            "default-src https://mozilla.org; style-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'"})
    void no_unsafe(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE);
    }

    // test/csp.test.js "no unsafe default src none" and "strict dynamic"
    @ParameterizedTest
    @ValueSource(strings = {"default-src",
            "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123' 'unsafe-inline'",
            "default-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
            "default-src 'none'; object-src https://mozilla.org",
            "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' https://*",
            "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' 'unsafe-inline'"})
    void no_unsafe_default_src_none(String policy) {
        assertThat(csp(policy)).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE);
    }

    // test/csp.test.js "multiple CSP headers with differing policies produce correct intersection"
    @Test
    void several_policies_are_intersected() {
        ObservatoryCsp.Outcome outcome = ObservatoryCsp.test(page("Content-Security-Policy: default-src 'none'; "
                + "script-src 'self'; style-src 'self' 'unsafe-inline', default-src 'none'; style-src 'self', "
                + "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'"));
        assertThat(outcome.pass()).isTrue();
        assertThat(outcome.data()).containsEntry("style-src", List.of("'self'"))
                .containsEntry("script-src", List.of("'self'")).containsEntry("default-src", List.of("'none'"));
        // and two header fields read like one comma-joined field
        assertThat(ObservatoryCsp.test(page("Content-Security-Policy: default-src 'none'; script-src 'self'",
                "Content-Security-Policy: default-src 'none'; script-src 'self'")).result())
                .isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE);
    }

    // src/analyzer/tests/csp.js: no enforced policy; report-only counts as reporting, not as a policy
    @Test
    void a_missing_policy_and_a_report_only_one_both_cost_25() {
        assertThat(ObservatoryCsp.test(page()).result()).isEqualTo(Expectation.CSP_NOT_IMPLEMENTED);
        assertThat(ObservatoryCsp.test(page("Content-Security-Policy-Report-Only: default-src 'none'")).result())
                .isEqualTo(Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING_ENABLED);
        assertThat(Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING_ENABLED.modifier()).isEqualTo(-25);
    }

    // src/retriever/utils.js parseHttpEquivHeaders + csp.js: meta policies count; frame-ancestors in meta does not
    @Test
    void meta_policies_count_but_not_their_frame_ancestors() {
        HttpExchange meta = page().withBody("<html><head><meta http-equiv=\"Content-Security-Policy\" "
                + "content=\"default-src 'none'; frame-ancestors 'none'\"></head></html>");
        assertThat(ObservatoryCsp.test(meta).result()).isEqualTo(Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE);
        assertThat(ObservatoryCsp.test(page().withBody("<meta http-equiv=\"Content-Security-Policy\" "
                + "content=\"frame-ancestors 'none'\">")).result()).isEqualTo(Expectation.CSP_NOT_IMPLEMENTED);
    }

    private static Expectation cookies(String... setCookies) {
        String[] headers = new String[setCookies.length];
        for (int i = 0; i < setCookies.length; i++) {
            headers[i] = "Set-Cookie: " + setCookies[i];
        }
        HttpExchange e = page(headers);
        return Observatory.cookies(e, Observatory.jar(List.of(e)), false);
    }

    // test/cookies.test.js
    @Test
    void cookies_as_the_observatory_judges_them() {
        assertThat(cookies()).isEqualTo(Expectation.COOKIES_NOT_FOUND);
        assertThat(cookies("SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly",
                "foo=bar; Domain=mozilla.org; Secure; Path=/", "heroku-session-affinity=bar; Domain=mozilla.org; Path=/"))
                .isEqualTo(Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS);
        assertThat(cookies("SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
                "SESSIONID_SAMESITE_LAX=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Lax",
                "SESSIONID_SAMESITE_NONE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=None"))
                .isEqualTo(Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS_AND_SAMESITE);
        assertThat(cookies("SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
                "SESSIONID_SAMESITE_NO_SAMESITE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"))
                .isEqualTo(Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS);
        assertThat(cookies("CSRFTOKEN=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"))
                .isEqualTo(Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE_FLAG);
        assertThat(cookies("SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite="))
                .isEqualTo(Expectation.COOKIES_SAMESITE_FLAG_INVALID);
        assertThat(cookies("SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=True"))
                .isEqualTo(Expectation.COOKIES_SAMESITE_FLAG_INVALID);
        assertThat(cookies("foo=bar; Domain=mozilla.org; Path=/")).isEqualTo(Expectation.COOKIES_WITHOUT_SECURE_FLAG);
        assertThat(cookies("SESSIONID=bar; Domain=mozilla.org; Path=/; Secure"))
                .isEqualTo(Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY_FLAG);
        assertThat(cookies("SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"))
                .isEqualTo(Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG);
        // tough-cookie silently drops a __Host- cookie with a Domain, so it is not found at all
        assertThat(cookies("__Host-sid=1; Domain=mozilla.org; Path=/; Secure")).isEqualTo(Expectation.COOKIES_NOT_FOUND);
    }

    // test/cookies.test.js "checks session cookie no secure but hsts"
    @Test
    void hsts_softens_a_missing_secure_flag() {
        HttpExchange e = page("Set-Cookie: SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly",
                "Strict-Transport-Security: max-age=15768000");
        assertThat(Observatory.cookies(e, Observatory.jar(List.of(e)), true))
                .isEqualTo(Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS);
    }

    // src/analyzer/tests/strict-transport-security.js (SIX_MONTHS = 15552000, a comma means set twice)
    @Test
    void hsts_over_https() {
        assertThat(Observatory.hsts(page())).isEqualTo(Expectation.HSTS_NOT_IMPLEMENTED);
        assertThat(Observatory.hsts(page("Strict-Transport-Security: max-age=15552000")))
                .isEqualTo(Expectation.HSTS_IMPLEMENTED_MAX_AGE_AT_LEAST_SIX_MONTHS);
        assertThat(Observatory.hsts(page("Strict-Transport-Security: max-age=15551999; includeSubDomains")))
                .isEqualTo(Expectation.HSTS_IMPLEMENTED_MAX_AGE_LESS_THAN_SIX_MONTHS);
        assertThat(Observatory.hsts(page("Strict-Transport-Security: includeSubDomains")))
                .isEqualTo(Expectation.HSTS_HEADER_INVALID);
        assertThat(Observatory.hsts(page("Strict-Transport-Security: max-age=31536000",
                "Strict-Transport-Security: max-age=31536000"))).isEqualTo(Expectation.HSTS_HEADER_INVALID);
    }

    private static ObservatoryReport.Page graded(HttpExchange e) {
        return Observatory.score(e).worst();
    }

    // the other tests of src/analyzer/tests/, on their modifiers in src/grader/charts.js
    @Test
    void header_tests_and_their_modifiers() {
        ObservatoryReport.Page bare = graded(HttpExchange.of("GET http://example.test/", 200,
                "Content-Type: text/html").withBody("<p>hi</p>"));
        assertThat(bare.test("x-content-type-options").result()).isEqualTo(Expectation.X_CONTENT_TYPE_OPTIONS_NOT_IMPLEMENTED);
        assertThat(bare.test("x-frame-options").result()).isEqualTo(Expectation.X_FRAME_OPTIONS_NOT_IMPLEMENTED);
        assertThat(bare.test("referrer-policy").result()).isEqualTo(Expectation.REFERRER_POLICY_NOT_IMPLEMENTED);
        assertThat(bare.test("subresource-integrity").result())
                .isEqualTo(Expectation.SRI_NOT_IMPLEMENTED_BUT_NO_SCRIPTS_LOADED);
        // 100 - 25 (CSP) - 5 (nosniff) - 20 (framing) = 50, grade C
        assertThat(bare.score()).isEqualTo(50);
        assertThat(bare.grade()).isEqualTo("C");

        ObservatoryReport.Page odd = graded(page("X-Content-Type-Options: nosniff, nosniff",
                "X-Frame-Options: ALLOW-FROM https://a.example", "Referrer-Policy: unsafe-url",
                "Cross-Origin-Opener-Policy: same-origin; report-to=\"r\"", "Cross-Origin-Embedder-Policy: \"require-corp\"",
                "Cross-Origin-Resource-Policy: nobody", "Access-Control-Allow-Origin: *"));
        assertThat(odd.test("x-content-type-options").result()).isEqualTo(Expectation.X_CONTENT_TYPE_OPTIONS_HEADER_INVALID);
        assertThat(odd.test("x-frame-options").result()).isEqualTo(Expectation.X_FRAME_OPTIONS_ALLOW_FROM_ORIGIN);
        assertThat(odd.test("referrer-policy").result()).isEqualTo(Expectation.REFERRER_POLICY_UNSAFE);
        assertThat(odd.test("cross-origin-opener-policy").result()).isEqualTo(Expectation.COOP_IMPLEMENTED_WITH_SAME_ORIGIN);
        assertThat(odd.test("cross-origin-embedder-policy").result()).isEqualTo(Expectation.COEP_HEADER_INVALID);
        assertThat(odd.test("cross-origin-resource-policy").result())
                .isEqualTo(Expectation.CROSS_ORIGIN_RESOURCE_POLICY_HEADER_INVALID);
        assertThat(odd.test("cross-origin-resource-sharing").result())
                .isEqualTo(Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_PUBLIC_ACCESS);

        HttpExchange reflected = page("Access-Control-Allow-Origin: https://evil.example",
                "Access-Control-Allow-Credentials: true").withRequestHeaders("Origin: https://evil.example");
        assertThat(graded(reflected).test("cross-origin-resource-sharing").result())
                .isEqualTo(Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_UNIVERSAL_ACCESS);
        // the last valid referrer token wins, a meta tag after the header
        assertThat(graded(page("Referrer-Policy: unsafe-url, no-referrer, bogus")).test("referrer-policy").result())
                .isEqualTo(Expectation.REFERRER_POLICY_PRIVATE);
        assertThat(graded(page("Referrer-Policy: no-referrer").withBody("<meta name=referrer content=origin>"))
                .test("referrer-policy").result()).isEqualTo(Expectation.REFERRER_POLICY_UNSAFE);
    }

    // src/analyzer/tests/subresource-integrity.js
    @Test
    void subresource_integrity() {
        assertThat(graded(page().withBody("<script src=\"/app.js\"></script>")).test("subresource-integrity").result())
                .isEqualTo(Expectation.SRI_NOT_IMPLEMENTED_BUT_ALL_SCRIPTS_LOADED_FROM_SECURE_ORIGIN);
        assertThat(graded(page().withBody("<script src=\"https://cdn.example.com/x.js\"></script>"))
                .test("subresource-integrity").result())
                .isEqualTo(Expectation.SRI_NOT_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_LOADED_SECURELY);
        assertThat(graded(page().withBody("<script src=\"http://cdn.example.com/x.js\"></script>"))
                .test("subresource-integrity").result())
                .isEqualTo(Expectation.SRI_NOT_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY);
        assertThat(graded(page().withBody("<script src=\"https://cdn.example.com/x.js\" integrity=\"sha384-x\">"
                + "</script>")).test("subresource-integrity").result())
                .isEqualTo(Expectation.SRI_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_LOADED_SECURELY);
        assertThat(graded(HttpExchange.of("GET https://mozilla.org/api", 200, "Content-Type: application/json"))
                .test("subresource-integrity").result()).isEqualTo(Expectation.SRI_NOT_IMPLEMENTED_RESPONSE_NOT_HTML);
    }

    // src/scanner/index.js: bonuses only count when the score without them is at least 90
    @Test
    void bonuses_count_only_from_ninety_up() {
        String[] strong = {"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer",
                "Cross-Origin-Opener-Policy: same-origin", "Cross-Origin-Embedder-Policy: require-corp",
                "Cross-Origin-Resource-Policy: same-origin", "Strict-Transport-Security: max-age=31536000"};
        // 100 + 10 (default-src 'none') + 5 (referrer) + 10 + 10 + 10 (COOP, COEP, CORP) + 5 (frame-ancestors)
        assertThat(graded(page(strong)).score()).isEqualTo(150);
        String[] weakened = strong.clone();
        weakened[6] = "Strict-Transport-Security: max-age=60"; // -10: uncurved 90, bonuses still count
        assertThat(graded(page(weakened)).score()).isEqualTo(140);
        weakened[1] = "X-Content-Type-Options: sniff"; // -5 more: uncurved 85, no bonuses
        ObservatoryReport.Page page = graded(page(weakened));
        assertThat(page.score()).isEqualTo(85);
        assertThat(page.grade()).isEqualTo("A-");
    }

    @Test
    void a_set_is_graded_by_its_weakest_page_and_says_what_it_left_out() {
        HttpExchange good = HttpExchange.of("GET http://site.test/", 200, "Content-Type: text/html",
                "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'", "X-Content-Type-Options: nosniff");
        HttpExchange bad = HttpExchange.of("GET http://site.test/missing", 404, "Content-Type: text/html");
        ObservatoryReport report = Observatory.score(List.of(good, bad));
        assertThat(report.pages()).extracting(ObservatoryReport.Page::score).containsExactly(110, 50);
        assertThat(report.worst().request()).isEqualTo("GET /missing (404)");
        assertThat(report.grade()).isEqualTo("C");
        assertThat(report.isAtLeast("C")).isTrue();
        assertThat(report.isAtLeast("B")).isFalse();
        assertThat(report.leftOut()).anyMatch(l -> l.startsWith("redirection"))
                .anyMatch(l -> l.startsWith("strict-transport-security for the 2 response(s) over plain http"));
        assertThat(report.worst().tests()).extracting(ObservatoryReport.TestResult::test)
                .doesNotContain("strict-transport-security", "redirection");
        assertThat(report.describe()).contains("GET /missing (404): 50 (C); content-security-policy: csp-not-implemented (-25)");
    }
}
