package dev.roadlab.grader.http;

import dev.roadlab.grader.check.CheckFailure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Assertions on one HTTP exchange that read aloud in a check and fail with a {@link CheckFailure} in the learner's
 * terms: what was requested, which header was missing or what it said.
 *
 * <pre>{@code
 * HttpAssert.that(response, "GET /missing (404)")
 *         .hasNosniff()
 *         .lacksHeader("X-Powered-By")
 *         .csp().scriptSources().allowsNoInlineScript();
 * }</pre>
 *
 * Each method returns an assertion object to chain on; {@link #csp()}, {@link #hsts()} and {@link #cookie} lead
 * to assertions on that part, whose {@code and()} comes back here.
 */
public final class HttpAssert {

    private final HttpExchange exchange;
    private final String name;

    private HttpAssert(HttpExchange exchange, String name) {
        this.exchange = exchange;
        this.name = name;
    }

    /** @param name how messages name the request, e.g. {@code "GET /missing (404)"} or {@code "the login redirect"} */
    public static HttpAssert that(HttpExchange exchange, String name) {
        return new HttpAssert(exchange, name);
    }

    /** Named by {@link HttpExchange#describe()}, e.g. {@code GET /missing (404)}. */
    public static HttpAssert that(HttpExchange exchange) {
        return new HttpAssert(exchange, exchange.describe());
    }

    /** Shorthand for {@code that(HttpExchange.of(response))}. */
    public static HttpAssert that(java.net.http.HttpResponse<?> response) {
        return that(HttpExchange.of(response));
    }

    public HttpExchange exchange() {
        return exchange;
    }

    String name() {
        return name;
    }

    /** The status is {@code expected}. */
    public HttpAssert hasStatus(int expected) {
        if (exchange.status() != expected) {
            fail("answered " + exchange.status() + ", where " + expected + " was expected.");
        }
        return this;
    }

    /** A header {@code header} is sent (any value). */
    public HttpAssert hasHeader(String header) {
        if (!exchange.headers().has(header)) {
            fail("sends no " + header + " header.");
        }
        return this;
    }

    /** The header is sent with exactly {@code expected} (ignoring case and surrounding spaces), and only once. */
    public HttpAssert hasHeader(String header, String expected) {
        List<String> values = exchange.headers().all(header);
        if (values.isEmpty()) {
            fail("sends no " + header + " header (" + header + ": " + expected + " was expected).");
        }
        if (values.size() > 1 || !values.get(0).strip().equalsIgnoreCase(expected)) {
            fail("sends " + quoted(header, values) + ", where " + header + ": " + expected + " was expected.");
        }
        return this;
    }

    /** No header {@code header} is sent, e.g. {@code X-Powered-By}, which tells attackers what runs behind. */
    public HttpAssert lacksHeader(String header) {
        List<String> values = exchange.headers().all(header);
        if (!values.isEmpty()) {
            fail("sends " + quoted(header, values) + ".");
        }
        return this;
    }

    /** The {@code Server} header, if sent, holds no version (no digit), the test of OWASP ZAP's rule 10036. */
    public HttpAssert hidesServerVersion() {
        for (String server : exchange.headers().all("Server")) {
            if (server.matches(".*\\d.*")) {
                fail("names its server with a version: Server: " + server + ".");
            }
        }
        return this;
    }

    /** {@code X-Content-Type-Options: nosniff}, so browsers do not guess a script out of a text response. */
    public HttpAssert hasNosniff() {
        return hasHeader("X-Content-Type-Options", "nosniff");
    }

    /** A Referrer-Policy, header or meta, whose policy in force is one of {@link ReferrerPolicy#STRICT}. */
    public HttpAssert hasStrictReferrerPolicy() {
        ReferrerPolicy policy = exchange.referrerPolicy();
        if (!policy.isSent()) {
            fail("sends no Referrer-Policy, so browsers fall back to their default.");
        }
        if (policy.policy().isEmpty()) {
            fail("sends Referrer-Policy: " + String.join(", ", policy.values())
                    + ", which names no policy browsers know.");
        }
        if (!policy.isStrict()) {
            fail("sends Referrer-Policy " + policy.policy().get() + ", which sends the page's address to other sites"
                    + " (strict ones: " + String.join(", ", ReferrerPolicy.STRICT.stream().sorted().toList()) + ").");
        }
        return this;
    }

    /** A Permissions-Policy that parses, disabling each of {@code features} ({@code camera=()}); none: any policy. */
    public HttpAssert hasPermissionsPolicy(String... features) {
        PermissionsPolicy policy = exchange.permissionsPolicy();
        if (!policy.isSent()) {
            fail("sends no Permissions-Policy.");
        }
        if (policy.problem().isPresent()) {
            fail("sends a Permissions-Policy browsers ignore: " + policy.problem().get() + ".");
        }
        for (String feature : features) {
            if (!policy.disables(feature)) {
                fail("sends Permissions-Policy: " + policy.value().orElse("") + ", which does not disable " + feature
                        + (policy.allowlist(feature).isEmpty() ? " (it is not listed)." : "."));
            }
        }
        return this;
    }

    /** {@code Cache-Control: no-store}, so no browser or proxy keeps a copy (for API responses with personal data). */
    public HttpAssert isNotStored() {
        CacheControl cache = exchange.cacheControl();
        if (!cache.noStore()) {
            fail(cache.isSent() ? "sends Cache-Control: " + cache.value().get() + ", without no-store."
                    : "sends no Cache-Control, so caches may keep it.");
        }
        return this;
    }

    /**
     * No other site can read the response with the visitor's cookies: neither {@code Access-Control-Allow-Origin: *}
     * with {@code Access-Control-Allow-Credentials: true} (browsers refuse it, and it shows the server means to
     * share everything), nor the request's own {@code Origin} handed back with credentials.
     */
    public HttpAssert sharesNothingWithCredentials() {
        Cors cors = exchange.cors();
        if (cors.allowCredentials() && cors.allowsAnyOrigin()) {
            fail("sends Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true.");
        }
        if (cors.allowCredentials() && cors.reflectsRequestOrigin()) {
            fail("hands the request's Origin (" + cors.requestOrigin().get() + ") back in Access-Control-Allow-Origin,"
                    + " with Access-Control-Allow-Credentials: true: any site can read it as the visitor.");
        }
        return this;
    }

    /** {@code Access-Control-Allow-Origin} is not {@code *}. */
    public HttpAssert doesNotShareWithEveryOrigin() {
        if (exchange.cors().allowsAnyOrigin()) {
            fail("sends Access-Control-Allow-Origin: *, so any site may read it.");
        }
        return this;
    }

    /** Assertions on the Content-Security-Policy. */
    public CspAssert csp() {
        return new CspAssert(this, exchange.csp());
    }

    /** Assertions on Strict-Transport-Security. */
    public HstsAssert hsts() {
        return new HstsAssert(this, exchange.hsts());
    }

    /** Assertions on the cookie the response sets under {@code cookieName}; fails if it sets none. */
    public CookieAssert cookie(String cookieName) {
        Optional<SetCookie> cookie = exchange.cookie(cookieName);
        if (cookie.isEmpty()) {
            List<String> names = exchange.cookies().stream().map(SetCookie::name).toList();
            fail("sets no cookie named " + cookieName
                    + (names.isEmpty() ? " (it sets no cookie at all)." : " (it sets " + String.join(", ", names) + ")."));
        }
        return new CookieAssert(this, List.of(cookie.get()));
    }

    /** Assertions on every cookie the response sets (none set: they all hold). */
    public CookieAssert everyCookie() {
        return new CookieAssert(this, exchange.cookies());
    }

    void fail(String what) {
        throw new CheckFailure(capitalized(name) + " " + what);
    }

    void fail(String what, String hint) {
        throw new CheckFailure(capitalized(name) + " " + what, hint);
    }

    private static String quoted(String header, List<String> values) {
        return String.join(" and ", values.stream().map(v -> header + ": " + v).toList());
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
