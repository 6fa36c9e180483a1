package dev.roadlab.grader.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.http.SetCookie.SameSite;
import org.junit.jupiter.api.Test;

/** The assertions pass on what is right and fail with messages that name the request and what it said. */
class HttpAssertTest {

    private static final String STRICT_CSP = "Content-Security-Policy: default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static HttpExchange page(String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Type: text/html";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return HttpExchange.of("GET https://shop.test/missing", 404, all);
    }

    @Test
    void a_well_configured_response_passes_every_assertion() {
        HttpExchange good = page(STRICT_CSP, "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer",
                "Permissions-Policy: camera=(), microphone=()", "Cache-Control: no-store",
                "Strict-Transport-Security: max-age=31536000; includeSubDomains", "Server: nginx",
                "Set-Cookie: __Host-sid=1; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThatCode(() -> HttpAssert.that(good)
                .hasStatus(404).hasNosniff().lacksHeader("X-Powered-By").hidesServerVersion()
                .hasStrictReferrerPolicy().hasPermissionsPolicy("camera", "microphone").isNotStored()
                .sharesNothingWithCredentials().doesNotShareWithEveryOrigin()
                .cookie("__Host-sid").isSecure().isHttpOnly().hasSameSite(SameSite.STRICT, SameSite.LAX)
                .isAcceptedByBrowsers().and()
                .hsts().hasMaxAgeOfAtLeast(31_536_000).includesSubDomains().and()
                .csp().isEnforced().isWellFormed().hasDefaultSrcNoneOrSelf().restrictsBaseUri().restrictsFrameAncestors()
                .restrictsFormAction().loadsScript("/app.js").loadsStyle("/app.css").loadsImage("logo.png")
                .objectSources().isNone().and()
                .scriptSources().allowsNoInlineScript().allowsNoEval().hasNoBroadSources()
                .excludes("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:"))
                .doesNotThrowAnyException();
    }

    @Test
    void the_example_of_the_issue_reads_aloud_and_fails_in_the_learners_terms() {
        HttpExchange inline = page("Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'");
        assertThatThrownBy(() -> HttpAssert.that(inline, "GET /missing (404)").csp().scriptSources()
                .allowsNoInlineScript())
                .isInstanceOf(CheckFailure.class)
                .hasMessage("GET /missing (404) lets inline scripts run: script-src 'self' 'unsafe-inline' holds "
                        + "'unsafe-inline' and no nonce or hash that would switch it off.");
        assertThatCode(() -> HttpAssert.that(page("Content-Security-Policy: script-src 'self' 'unsafe-inline' "
                + "'nonce-abc'")).csp().scriptSources().allowsNoInlineScript()).doesNotThrowAnyException();
    }

    @Test
    void csp_failures() {
        assertThatThrownBy(() -> HttpAssert.that(page()).csp().isEnforced())
                .hasMessage("GET /missing (404) sends no Content-Security-Policy.");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy-Report-Only: default-src 'none'"))
                .csp().isEnforced()).hasMessage("GET /missing (404) sends only Content-Security-Policy-Report-Only "
                + "(default-src 'none'), which reports violations and blocks nothing.");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: img-src 'self'")).csp().scriptSources()
                .excludes("data:")).hasMessage("GET /missing (404) has a Content-Security-Policy without script-src or "
                + "default-src (img-src 'self'), so it restricts nothing there.");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src 'self'; script-src 'self' "
                + "http://cdn.test")).csp().scriptSources().excludes("http:")).hasMessage("GET /missing (404) has "
                + "script-src 'self' http://cdn.test: http://cdn.test lets in code over plain http, which anyone on the "
                + "network can change.");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src https:")).csp()
                .hasDefaultSrcNoneOrSelf()).hasMessageContaining("has default-src https:, which lets in more than");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src 'self'")).csp()
                .restrictsBaseUri()).hasMessageContaining("without base-uri").hasMessageContaining("default-src does not"
                + " cover it");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src 'self'; frame-ancestors *"))
                .csp().restrictsFrameAncestors()).hasMessageContaining("frame-ancestors *: * lets in any site");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src 'none'")).csp()
                .loadsScript("/app.js"))
                .isInstanceOfSatisfying(CheckFailure.class, f -> org.assertj.core.api.Assertions.assertThat(f.hint())
                        .contains("page's own files"))
                .hasMessage("GET /missing (404) blocks its own script /app.js: its Content-Security-Policy has "
                        + "default-src 'none', which does not let it load, so the page breaks.");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src 'self' 'unsafe-eval'"))
                .csp().scriptSources().allowsNoEval()).hasMessageContaining("holds 'unsafe-eval'");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: default-src self")).csp().isWellFormed())
                .hasMessageContaining("self without quotes");
        assertThatThrownBy(() -> HttpAssert.that(page("Content-Security-Policy: object-src 'self'")).csp()
                .objectSources().isNone()).hasMessage("GET /missing (404) has object-src 'self', where object-src "
                + "'none' was expected.");
    }

    @Test
    void header_failures() {
        HttpExchange leaky = page("X-Powered-By: Express", "Server: nginx/1.27.3", "X-Content-Type-Options: sniff",
                "Referrer-Policy: unsafe-url", "Cache-Control: max-age=60", "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Credentials: true", "Permissions-Policy: camera=*");
        assertThatThrownBy(() -> HttpAssert.that(leaky).lacksHeader("X-Powered-By"))
                .hasMessage("GET /missing (404) sends X-Powered-By: Express.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).hidesServerVersion())
                .hasMessage("GET /missing (404) names its server with a version: Server: nginx/1.27.3.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).hasNosniff()).hasMessage("GET /missing (404) sends "
                + "X-Content-Type-Options: sniff, where X-Content-Type-Options: nosniff was expected.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).hasStrictReferrerPolicy())
                .hasMessageStartingWith("GET /missing (404) sends Referrer-Policy unsafe-url, which sends the page's");
        assertThatThrownBy(() -> HttpAssert.that(leaky).isNotStored())
                .hasMessage("GET /missing (404) sends Cache-Control: max-age=60, without no-store.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).sharesNothingWithCredentials())
                .hasMessage("GET /missing (404) sends Access-Control-Allow-Origin: * with "
                        + "Access-Control-Allow-Credentials: true.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).hasPermissionsPolicy("camera"))
                .hasMessage("GET /missing (404) sends Permissions-Policy: camera=*, which does not disable camera.");
        assertThatThrownBy(() -> HttpAssert.that(page()).hasPermissionsPolicy())
                .hasMessage("GET /missing (404) sends no Permissions-Policy.");
        assertThatThrownBy(() -> HttpAssert.that(leaky).hasStatus(200))
                .hasMessage("GET /missing (404) answered 404, where 200 was expected.");
        HttpExchange reflecting = page("Access-Control-Allow-Origin: https://evil.test",
                "Access-Control-Allow-Credentials: true").withRequestHeaders("Origin: https://evil.test");
        assertThatThrownBy(() -> HttpAssert.that(reflecting, "the API").sharesNothingWithCredentials())
                .hasMessageStartingWith("The API hands the request's Origin (https://evil.test) back");
    }

    @Test
    void hsts_and_cookie_failures() {
        assertThatThrownBy(() -> HttpAssert.that(page()).hsts().hasMaxAgeOfAtLeast(31_536_000))
                .hasMessage("GET /missing (404) sends no Strict-Transport-Security.");
        assertThatThrownBy(() -> HttpAssert.that(page("Strict-Transport-Security: max-age=86400")).hsts()
                .hasMaxAgeOfAtLeast(31_536_000)).hasMessage("GET /missing (404) sends Strict-Transport-Security with "
                + "max-age=86400 (1 day); at least 31536000 (365 days) is expected.");
        assertThatThrownBy(() -> HttpAssert.that(page("Strict-Transport-Security: max-age=31536000")).hsts()
                .includesSubDomains()).hasMessageEndingWith("without includeSubDomains.");
        assertThatThrownBy(() -> HttpAssert.that(page("Strict-Transport-Security: includeSubDomains")).hsts().isValid())
                .hasMessageContaining("max-age is missing");

        HttpExchange login = page("Set-Cookie: sid=secret-value; Path=/", "Set-Cookie: theme=dark; Secure; HttpOnly; "
                + "SameSite=Sideways");
        assertThatThrownBy(() -> HttpAssert.that(login).cookie("session"))
                .hasMessage("GET /missing (404) sets no cookie named session (it sets sid, theme).");
        assertThatThrownBy(() -> HttpAssert.that(login).cookie("sid").isSecure())
                .hasMessage("GET /missing (404) sets the cookie sid without Secure, so browsers also send it over plain "
                        + "http: Set-Cookie: sid (Path=/).")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> HttpAssert.that(login).cookie("sid").isHttpOnly())
                .hasMessageContaining("without HttpOnly");
        assertThatThrownBy(() -> HttpAssert.that(login).cookie("sid").hasSameSite())
                .hasMessageContaining("without SameSite");
        assertThatThrownBy(() -> HttpAssert.that(login).everyCookie().isSecure().hasSameSite())
                .hasMessageContaining("sid without Secure");
        assertThatThrownBy(() -> HttpAssert.that(login).cookie("theme").hasSameSite())
                .hasMessageContaining("SameSite=Sideways, which browsers do not know");
        assertThatThrownBy(() -> HttpAssert.that(page("Set-Cookie: __Host-a=1; Secure")).cookie("__Host-a")
                .isAcceptedByBrowsers()).hasMessageContaining("which browsers drop: its name starts with __Host- but its "
                + "Path is not /");
        assertThatCode(() -> HttpAssert.that(page()).everyCookie().isSecure()).doesNotThrowAnyException();
    }
}
