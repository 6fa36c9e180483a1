package dev.roadlab.grader.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each passive rule against hand-built responses, the expected alerts derived from the rule's source in
 * zaproxy/zap-extensions (the file is named on each test).
 */
class PassiveScanTest {

    private static final String SAFE_CSP = "Content-Security-Policy: default-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static HttpExchange html(String url, int status, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: text/html;charset=utf-8";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return HttpExchange.of("GET " + url, status, all).withBody("<html><body>page</body></html>");
    }

    private static List<String> refs(HttpExchange e) {
        return refs(e, Threshold.MEDIUM);
    }

    private static List<String> refs(HttpExchange e, Threshold threshold) {
        return PassiveScan.of(List.of(e), threshold).alerts().stream().map(Alert::alertRef).toList();
    }

    private static List<Alert> alerts(HttpExchange e, int rule) {
        return PassiveScan.of(List.of(e)).alerts(rule);
    }

    // pscanrules/CookieHttpOnlyScanRule.java, CookieSecureFlagScanRule.java, CookieSameSiteScanRule.java
    @Test
    void cookie_rules() {
        HttpExchange plain = html("http://shop.test/login", 302, "Set-Cookie: sid=abc; Path=/");
        assertThat(alerts(plain, 10010)).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Cookie No HttpOnly Flag");
            assertThat(a.risk()).isEqualTo(Risk.LOW);
            assertThat(a.param()).isEqualTo("sid");
            assertThat(a.evidence()).isEqualTo("Set-Cookie: sid");
            assertThat(a.request()).isEqualTo("GET /login (302)");
        });
        assertThat(alerts(plain, 10011)).as("Secure is only checked over https").isEmpty();
        assertThat(alerts(plain, 10054)).extracting(Alert::alertRef).containsExactly("10054-1");

        HttpExchange tls = html("https://shop.test/login", 200, "Set-Cookie: sid=abc; HttpOnly; SameSite=None",
                "Set-Cookie: pref=1; Secure; HttpOnly; SameSite=Sideways",
                "Set-Cookie: old=; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "Set-Cookie: odd=1; Secure; HttpOnly; SameSite=Lax; Expires=someday");
        assertThat(alerts(tls, 10011)).extracting(Alert::param).containsExactly("sid");
        assertThat(alerts(tls, 10010)).as("expired and unparsable Expires count as expired").isEmpty();
        assertThat(alerts(tls, 10054)).extracting(Alert::alertRef).containsExactly("10054-2", "10054-3");
        assertThat(refs(tls, Threshold.HIGH)).doesNotContain("10054-2");
    }

    // pscanrules/CacheControlScanRule.java
    @Test
    void cache_control_is_re_examined_on_https_text_responses_only() {
        assertThat(alerts(html("https://shop.test/", 200, "Cache-Control: no-store"), 10015)).singleElement()
                .satisfies(a -> {
                    assertThat(a.risk()).isEqualTo(Risk.INFORMATIONAL);
                    assertThat(a.evidence()).isEqualTo("no-store");
                });
        assertThat(alerts(html("https://shop.test/", 200, "Cache-Control: no-cache, no-store, must-revalidate"),
                10015)).isEmpty();
        assertThat(alerts(html("http://shop.test/", 200), 10015)).as("plain http").isEmpty();
        assertThat(alerts(html("https://shop.test/missing", 404), 10015)).as("client error").isEmpty();
        assertThat(refs(html("https://shop.test/missing", 404), Threshold.LOW)).contains("10015");
        HttpExchange script = HttpExchange.of("GET https://shop.test/app.js", 200,
                "Content-Type: text/javascript").withBody("x()");
        assertThat(alerts(script, 10015)).as("JavaScript").isEmpty();
    }

    // pscanrules/AntiClickjackingScanRule.java
    @Test
    void anti_clickjacking() {
        assertThat(alerts(html("http://shop.test/", 200), 10020)).singleElement().satisfies(a -> {
            assertThat(a.alertRef()).isEqualTo("10020-1");
            assertThat(a.name()).isEqualTo("Missing Anti-clickjacking Header");
            assertThat(a.risk()).isEqualTo(Risk.MEDIUM);
        });
        assertThat(alerts(html("http://shop.test/", 200, "X-Frame-Options: ALLOWALL"), 10020))
                .extracting(Alert::alertRef).containsExactly("10020-4");
        assertThat(alerts(html("http://shop.test/", 200, "X-Frame-Options: DENY", "X-Frame-Options: SAMEORIGIN"),
                10020)).extracting(Alert::alertRef).containsExactly("10020-2");
        assertThat(alerts(html("http://shop.test/", 200, SAFE_CSP), 10020)).as("frame-ancestors settles it").isEmpty();
        assertThat(PassiveScan.of(List.of(html("http://shop.test/", 200, SAFE_CSP)), Threshold.LOW).alerts(10020))
                .singleElement().satisfies(a -> assertThat(a.risk()).isEqualTo(Risk.LOW));
        assertThat(alerts(html("http://shop.test/missing", 404), 10020)).as("error page").isEmpty();
        HttpExchange meta = html("http://shop.test/", 200, "X-Frame-Options: DENY")
                .withBody("<html><head><meta http-equiv=\"X-Frame-Options\" content=\"DENY\"></head></html>");
        assertThat(alerts(meta, 10020)).extracting(Alert::alertRef).containsExactly("10020-3");
        assertThat(alerts(HttpExchange.of("GET http://shop.test/api", 200, "Content-Type: application/json")
                .withBody("{}"), 10020)).as("not HTML").isEmpty();
    }

    // pscanrules/XContentTypeOptionsScanRule.java
    @Test
    void x_content_type_options() {
        HttpExchange json = HttpExchange.of("GET http://shop.test/api", 200, "Content-Type: application/json")
                .withBody("{}");
        assertThat(alerts(json, 10021)).singleElement().satisfies(a -> assertThat(a.risk()).isEqualTo(Risk.LOW));
        assertThat(alerts(html("http://shop.test/", 200, "X-Content-Type-Options: sniff"), 10021))
                .extracting(Alert::evidence).containsExactly("sniff");
        assertThat(alerts(html("http://shop.test/", 200, "X-Content-Type-Options: NoSniff"), 10021)).isEmpty();
        assertThat(alerts(html("http://shop.test/x", 500), 10021)).isEmpty();
        assertThat(refs(html("http://shop.test/x", 500), Threshold.LOW)).contains("10021");
        assertThat(alerts(HttpExchange.of("GET http://shop.test/empty", 204), 10021)).as("no body").isEmpty();
    }

    // pscanrules/StrictTransportSecurityScanRule.java
    @Test
    void strict_transport_security() {
        assertThat(alerts(html("https://shop.test/", 200), 10035)).extracting(Alert::alertRef)
                .containsExactly("10035-1");
        assertThat(alerts(html("http://shop.test/", 200), 10035)).as("plain http").isEmpty();
        assertThat(refs(html("http://shop.test/", 200, "Strict-Transport-Security: max-age=1"), Threshold.LOW))
                .contains("10035-4");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: max-age=0"), 10035))
                .extracting(Alert::alertRef).containsExactly("10035-2");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: max-age =    0"), 10035))
                .as("runs of spaces read as ZAP reads them").extracting(Alert::alertRef).containsExactly("10035-2");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: includeSubDomains"), 10035))
                .extracting(Alert::alertRef).containsExactly("10035-5");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: \"max-age=31536000\""), 10035))
                .extracting(Alert::alertRef).containsExactly("10035-7");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: max-age=31536000",
                "Strict-Transport-Security: max-age=31536000"), 10035)).extracting(Alert::alertRef)
                .containsExactly("10035-3");
        assertThat(alerts(html("https://shop.test/", 200, "Strict-Transport-Security: max-age=31536000"), 10035))
                .isEmpty();
        assertThat(alerts(html("https://shop.test/old", 301, "Location: /new"), 10035)).as("relative redirect")
                .isEmpty();
        assertThat(alerts(html("https://shop.test/old", 301, "Location: https://other.test/"), 10035))
                .extracting(Alert::alertRef).containsExactly("10035-1");
        HttpExchange meta = html("http://shop.test/", 200).withBody("<meta http-equiv=\"Strict-Transport-Security\" "
                + "content=\"max-age=31536000\">");
        assertThat(alerts(meta, 10035)).extracting(Alert::alertRef).containsExactly("10035-6");
    }

    // pscanrules/ServerHeaderInfoLeakScanRule.java and XPoweredByHeaderInfoLeakScanRule.java
    @Test
    void server_and_powered_by_leaks() {
        HttpExchange leaky = html("http://shop.test/", 200, "Server: nginx/1.27.3", "X-Powered-By: Express",
                "X-Powered-By: PHP/8.3");
        assertThat(alerts(leaky, 10036)).singleElement().satisfies(a -> {
            assertThat(a.alertRef()).isEqualTo("10036-2");
            assertThat(a.evidence()).isEqualTo("nginx/1.27.3");
        });
        assertThat(alerts(leaky, 10037)).singleElement().satisfies(a -> {
            assertThat(a.evidence()).isEqualTo("X-Powered-By: Express");
            assertThat(a.otherInfo()).contains("X-Powered-By: PHP/8.3");
        });
        assertThat(alerts(html("http://shop.test/", 200, "Server: nginx"), 10036)).isEmpty();
        assertThat(refs(html("http://shop.test/", 200, "Server: nginx"), Threshold.LOW)).contains("10036-1");
    }

    // pscanrules/ContentSecurityPolicyMissingScanRule.java
    @Test
    void csp_missing() {
        assertThat(alerts(html("http://shop.test/", 200), 10038)).singleElement().satisfies(a -> {
            assertThat(a.alertRef()).isEqualTo("10038-1");
            assertThat(a.name()).isEqualTo("Content Security Policy (CSP) Header Not Set");
            assertThat(a.risk()).isEqualTo(Risk.MEDIUM);
        });
        assertThat(alerts(html("http://shop.test/missing", 404), 10038)).as("error pages count").hasSize(1);
        assertThat(alerts(html("http://shop.test/old", 302), 10038)).as("redirects do not").isEmpty();
        assertThat(alerts(html("http://shop.test/", 200).withBody("<meta http-equiv=\"content-security-policy\" "
                + "content=\"default-src 'self'\">"), 10038)).as("a meta policy counts").isEmpty();
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy-Report-Only: default-src 'self'",
                "X-WebKit-CSP: default-src 'self'"), 10038)).extracting(Alert::alertRef)
                .containsExactly("10038-1", "10038-2", "10038-3");
        assertThat(alerts(HttpExchange.of("GET http://shop.test/api", 200, "Content-Type: application/json")
                .withBody("{}"), 10038)).isEmpty();
    }

    // pscanrules/ContentSecurityPolicyScanRule.java
    @Test
    void csp_rule() {
        assertThat(alerts(html("http://shop.test/", 200, SAFE_CSP), 10055)).isEmpty();
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy: default-src 'self'"), 10055))
                .extracting(Alert::alertRef).containsExactly("10055-13");
        HttpExchange unsafe = html("http://shop.test/", 200, "Content-Security-Policy: default-src 'self'; "
                + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src *; "
                + "form-action 'self'; frame-ancestors 'none'");
        assertThat(alerts(unsafe, 10055)).extracting(Alert::alertRef)
                .containsExactly("10055-4", "10055-5", "10055-6", "10055-10");
        assertThat(alerts(unsafe, 10055).get(0).otherInfo()).endsWith("img-src");
        assertThat(alerts(unsafe, 10055)).allSatisfy(a -> {
            assertThat(a.risk()).isEqualTo(Risk.MEDIUM);
            assertThat(a.param()).isEqualTo("Content-Security-Policy");
        });
        // a nonce switches 'unsafe-inline' off for browsers, and for ZAP
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy: default-src 'self'; "
                + "script-src 'nonce-abc' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"), 10055)).isEmpty();
        // no default-src: every fetch directive is a wildcard
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy: script-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'"), 10055)).extracting(Alert::alertRef)
                .containsExactly("10055-4", "10055-6");
        // the parser's notices: an unquoted keyword is a warning, so Low
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy: default-src none; "
                + "form-action 'self'; frame-ancestors 'none'"), 10055)).extracting(Alert::alertRef, Alert::risk)
                .contains(org.assertj.core.groups.Tuple.tuple("10055-3", Risk.LOW));
        assertThat(alerts(html("http://shop.test/", 200, "Content-Security-Policy: default-src ‘self’"), 10055))
                .extracting(Alert::alertRef).containsExactly("10055-9");
        HttpExchange meta = html("http://shop.test/", 200, SAFE_CSP).withBody("<meta http-equiv=\"Content-Security-Policy\""
                + " content=\"default-src 'self'; form-action 'self'; sandbox\">");
        assertThat(alerts(meta, 10055)).extracting(Alert::alertRef).contains("10055-11", "10055-12");
        assertThat(alerts(html("http://shop.test/", 200, SAFE_CSP, "X-Content-Security-Policy: default-src 'self'"),
                10055)).extracting(Alert::alertRef, Alert::risk)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10055-1", Risk.INFORMATIONAL));
    }

    // pscanrulesBeta/PermissionsPolicyScanRule.java
    @Test
    void permissions_policy() {
        assertThat(alerts(html("http://shop.test/", 200), 10063)).extracting(Alert::alertRef).containsExactly("10063-1");
        assertThat(alerts(html("http://shop.test/", 200, "Feature-Policy: camera 'none'"), 10063))
                .extracting(Alert::alertRef).containsExactly("10063-2");
        assertThat(alerts(html("http://shop.test/", 200, "Permissions-Policy: camera=()"), 10063)).isEmpty();
        assertThat(alerts(HttpExchange.of("GET http://shop.test/app.js", 200, "Content-Type: text/javascript")
                .withBody("x()"), 10063)).as("JavaScript too").hasSize(1);
        assertThat(alerts(html("http://shop.test/old", 301), 10063)).isEmpty();
    }

    // pscanrules/CrossDomainMisconfigurationScanRule.java
    @Test
    void cross_domain_misconfiguration() {
        HttpExchange open = HttpExchange.of("GET http://shop.test/api", 200, "Content-Type: application/json",
                "Access-Control-Allow-Origin: *");
        assertThat(alerts(open, 10098)).singleElement().satisfies(a -> {
            assertThat(a.risk()).isEqualTo(Risk.MEDIUM);
            assertThat(a.evidence()).isEqualTo("Access-Control-Allow-Origin: *");
        });
        assertThat(alerts(HttpExchange.of("GET http://shop.test/api", 200, "Access-Control-Allow-Origin: "
                + "https://app.test"), 10098)).isEmpty();
    }

    // pscanrules/CsrfCountermeasuresScanRule.java with zaproxy's default token names (AntiCsrfParam.java)
    @Test
    void anti_csrf_tokens() {
        HttpExchange forms = html("http://shop.test/", 200).withBody("<html><body>"
                + "<form method=\"post\" action=\"/buy\"><input name=\"qty\"><input id=\"item\"></form>"
                + "<form method=\"POST\"><input type=\"hidden\" name=\"_csrf\" value=\"t\"></form>"
                + "<form method=\"post\"><input name=\"my_CSRFToken_field\"></form>"
                + "<form action=\"/search\"><input name=\"q\"></form></body></html>");
        assertThat(alerts(forms, 10202)).singleElement().satisfies(a -> {
            assertThat(a.risk()).isEqualTo(Risk.MEDIUM);
            assertThat(a.evidence()).isEqualTo("<form method=\"post\" action=\"/buy\">");
            assertThat(a.otherInfo()).contains("[Form 1: \"item\" \"qty\" ]");
        });
        assertThat(PassiveScan.of(List.of(forms), Threshold.LOW).alerts(10202)).as("GET forms at LOW").hasSize(2);
    }

    // pscanrulesBeta/SiteIsolationScanRule.java
    @Test
    void site_isolation() {
        assertThat(alerts(html("http://shop.test/", 200), 90004)).extracting(Alert::alertRef)
                .containsExactly("90004-1", "90004-2", "90004-3");
        assertThat(alerts(html("http://shop.test/", 200, "Cross-Origin-Resource-Policy: same-origin",
                "Cross-Origin-Embedder-Policy: require-corp; report-to=\"e\"", "Cross-Origin-Opener-Policy: same-origin"),
                90004)).isEmpty();
        assertThat(alerts(html("http://shop.test/", 200, "Cross-Origin-Resource-Policy: same-site",
                "Cross-Origin-Embedder-Policy: unsafe-none", "Cross-Origin-Opener-Policy: same-origin-allow-popups"),
                90004)).extracting(Alert::evidence).containsExactly("same-site", "unsafe-none", "same-origin-allow-popups");
        HttpExchange api = HttpExchange.of("GET http://shop.test/api", 200, "Content-Type: application/json",
                "Access-Control-Allow-Origin: https://app.test");
        assertThat(alerts(api, 90004)).as("CORS resources and non-documents are left alone").isEmpty();
        assertThat(alerts(html("http://shop.test/missing", 404), 90004)).as("2xx only").isEmpty();
    }

    @Test
    void the_report_orders_and_summarises() {
        PassiveScanReport report = PassiveScan.of(List.of(html("http://shop.test/", 200, "Server: Apache/2.4.1")));
        assertThat(report.atLeast(Risk.MEDIUM)).extracting(Alert::alertRef).containsExactly("10020-1", "10038-1");
        assertThat(report.describe()).startsWith("10020-1 Missing Anti-clickjacking Header [Medium] GET / (200)");
        assertThat(report.summary()).containsEntry("10038-1 Content Security Policy (CSP) Header Not Set [Medium]", 1L);
        assertThat(PassiveScan.ruleIds()).containsExactlyInAnyOrder(10010, 10011, 10015, 10020, 10021, 10035, 10036,
                10037, 10038, 10054, 10055, 10063, 10098, 10202, 90004);
    }
}
