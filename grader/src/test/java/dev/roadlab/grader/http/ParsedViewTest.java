package dev.roadlab.grader.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.http.ContentSecurityPolicy.Disposition;
import dev.roadlab.grader.http.SetCookie.SameSite;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parsed views, against the specifications they follow (the section is named on each test). */
class ParsedViewTest {

    @Test
    void headers_are_case_insensitive_multi_valued_and_ordered() {
        Headers h = Headers.of("Set-Cookie: a=1", "Content-Type: text/html", "set-cookie: b=2", "Vary:  Origin ");
        assertThat(h.all("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(h.first("content-type")).hasValue("text/html");
        assertThat(h.combined("Set-Cookie")).hasValue("a=1, b=2");
        assertThat(h.combined("Cache-Control")).isEmpty();
        assertThat(h.names()).containsExactly("set-cookie", "content-type", "vary");
        assertThat(h.first("Vary")).hasValue("Origin");
        assertThatThrownBy(() -> Headers.of("no colon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_exchange_by_hand_reads_like_its_request() {
        HttpExchange e = HttpExchange.of("get /search?q=a%20b HTTP/1.1", 200, "Content-Type: Text/HTML; charset=utf-8");
        assertThat(e.uri()).isEqualTo(URI.create("http://localhost/search?q=a%20b"));
        assertThat(e.describe()).isEqualTo("GET /search?q=a%20b (200)");
        assertThat(e.isHtml()).isTrue();
        assertThat(e.isSecure()).isFalse();
        assertThat(HttpExchange.of("GET https://shop.test", 301).describe()).isEqualTo("GET / (301)");
    }

    // RFC 6265bis-19 section 5.6: parsing
    @Test
    void set_cookie_is_parsed_like_a_browser() {
        SetCookie c = SetCookie.parse(" sid = abc ; path=/app; DOMAIN=.Shop.Test; secure; HttpOnly; SameSite=lax; "
                + "Max-Age=3600; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Priority=High").orElseThrow();
        assertThat(c.name()).isEqualTo("sid");
        assertThat(c.value()).isEqualTo("abc");
        assertThat(c.path()).hasValue("/app");
        assertThat(c.domain()).hasValue("shop.test");
        assertThat(c.secure()).isTrue();
        assertThat(c.httpOnly()).isTrue();
        assertThat(c.sameSite()).isEqualTo(SameSite.LAX);
        assertThat(c.maxAge()).hasValue(3600);
        assertThat(c.expires()).hasValue(Instant.parse("2037-10-21T07:28:00Z"));
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(c.expiry(now)).hasValue(now.plusSeconds(3600)); // Max-Age beats Expires
        assertThat(c.describe()).isEqualTo("sid (Path=/app; Domain=shop.test; Secure; HttpOnly; SameSite=lax; Max-Age=3600)");

        SetCookie bare = SetCookie.parse("token").orElseThrow();
        assertThat(bare.name()).isEmpty();
        assertThat(bare.value()).isEqualTo("token");
        assertThat(bare.sameSite()).isEqualTo(SameSite.DEFAULT);
        assertThat(bare.effectiveSameSite()).isEqualTo(SameSite.LAX);
        assertThat(bare.isPersistent()).isFalse();

        SetCookie odd = SetCookie.parse("a=1; SameSite=Strict; SameSite=Sideways; Path=relative; Max-Age=1e3; "
                + "Expires=not a date").orElseThrow();
        assertThat(odd.sameSite()).as("the last SameSite wins; unknown is Default").isEqualTo(SameSite.DEFAULT);
        assertThat(odd.declaredSameSite()).hasValue("Sideways");
        assertThat(odd.path()).as("a path not starting with / means the default path").isEmpty();
        assertThat(odd.maxAge()).isEmpty();
        assertThat(odd.expires()).isEmpty();
        assertThat(SetCookie.parse("a=1; Max-Age=0").orElseThrow().isExpiredAt(now)).isTrue();

        assertThat(SetCookie.parse("a=b\u0001c")).as("control characters: ignored entirely").isEmpty();
        assertThat(SetCookie.parse("=")).as("no name and no value").isEmpty();
        assertThat(SetCookie.parse("a=" + "x".repeat(4096))).as("over 4096 octets").isEmpty();
    }

    // RFC 6265bis-19 section 5.1.1: the cookie-date algorithm
    @Test
    void expires_dates_are_read_leniently() {
        assertThat(SetCookie.cookieDate("Sun, 06 Nov 1994 08:49:37 GMT")).hasValue(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(SetCookie.cookieDate("Sunday, 06-Nov-94 08:49:37 GMT")).hasValue(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(SetCookie.cookieDate("Sun Nov  6 08:49:37 1994")).hasValue(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(SetCookie.cookieDate("6 nov 2030 1:2:3")).hasValue(Instant.parse("2030-11-06T01:02:03Z"));
        assertThat(SetCookie.cookieDate("31 Feb 2030 00:00:00")).isEmpty();
        assertThat(SetCookie.cookieDate("tomorrow")).isEmpty();
    }

    // RFC 6265bis-19 section 5.7: what a browser refuses to store
    @Test
    void prefix_and_secure_origin_rules() {
        HttpExchange http = HttpExchange.of("GET http://shop.test/", 200);
        HttpExchange https = HttpExchange.of("GET https://www.shop.test/", 200);
        HttpExchange local = HttpExchange.of("GET http://127.0.0.1:7070/", 200);
        assertThat(cookie("__Host-sid=1; Secure; Path=/").rejection(https)).isEmpty();
        assertThat(cookie("__Host-sid=1; Secure; Path=/").rejection(local)).as("loopback is a secure origin").isEmpty();
        assertThat(cookie("__Host-sid=1; Secure; Path=/").rejection(http)).hasValueSatisfying(r ->
                assertThat(r).contains("Secure but came over plain http"));
        assertThat(cookie("__Host-sid=1; Secure; Path=/; Domain=shop.test").rejection(https))
                .hasValueSatisfying(r -> assertThat(r).contains("Domain"));
        assertThat(cookie("__Host-sid=1; Secure").rejection(https)).hasValueSatisfying(r -> assertThat(r).contains("Path"));
        assertThat(cookie("__secure-sid=1").rejection(https)).as("prefixes match case-insensitively")
                .hasValueSatisfying(r -> assertThat(r).contains("__Secure-"));
        assertThat(cookie("a=1; SameSite=None").rejection(https)).hasValueSatisfying(r -> assertThat(r).contains("None"));
        assertThat(cookie("a=1; Domain=other.test").rejection(https)).isPresent();
        assertThat(cookie("a=1; Domain=shop.test").rejection(https)).isEmpty();
        assertThat(cookie("=__Host-x").rejection(https)).isPresent();
    }

    private static SetCookie cookie(String header) {
        return SetCookie.parse(header).orElseThrow();
    }

    // RFC 9651 sections 4.2 and 3
    @Test
    void structured_fields() {
        Map<String, StructuredFields.Member> d = StructuredFields.parseDictionary(
                "camera=(), geolocation=(self \"https://maps.example\"), fullscreen=*, a;x=1, b=?0, n=-1.5");
        assertThat(d.keySet()).containsExactly("camera", "geolocation", "fullscreen", "a", "b", "n");
        assertThat(((StructuredFields.InnerList) d.get("camera")).items()).isEmpty();
        assertThat(((StructuredFields.InnerList) d.get("geolocation")).items()).extracting(StructuredFields.Item::value)
                .containsExactly(new StructuredFields.Token("self"), "https://maps.example");
        assertThat(((StructuredFields.Item) d.get("a")).value()).isEqualTo(true);
        assertThat(((StructuredFields.Item) d.get("a")).parameters()).containsEntry("x", 1L);
        assertThat(((StructuredFields.Item) d.get("b")).value()).isEqualTo(false);
        assertThat(((StructuredFields.Item) d.get("n")).value()).isEqualTo(new BigDecimal("-1.5"));
        StructuredFields.Item coop = StructuredFields.parseItem("same-origin; report-to=\"coop\"");
        assertThat(coop.value()).isEqualTo(new StructuredFields.Token("same-origin"));
        assertThat(coop.parameters()).containsEntry("report-to", "coop");
        assertThat(StructuredFields.parseList("a, (b c);q=?1, :aGk=:")).hasSize(3);
        assertThat(StructuredFields.parseItem("%\"caf%c3%a9\"").value()).isEqualTo(new StructuredFields.DisplayString("café"));
        for (String bad : List.of("a,", "(a", "\"open", "1234567890123456", "1.2345", "A=1", "a=?2", "same-origin extra")) {
            assertThatThrownBy(() -> StructuredFields.parseDictionary(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // CSP Level 3 sections 2.2 (parsing), 2.3.1 (source expressions), 6.8.3 (fallback)
    @Test
    void content_security_policy_lists_and_directives() {
        HttpExchange e = HttpExchange.of("GET https://shop.test/", 200, "Content-Type: text/html",
                "Content-Security-Policy: default-src 'self'; SCRIPT-SRC 'self' 'nonce-r4nd0m' 'sha256-abc=', "
                        + "img-src https:",
                "Content-Security-Policy: script-src 'self'; script-src *; object-src self; frame-ancestors none",
                "Content-Security-Policy-Report-Only: default-src 'none'")
                .withBody("<head><meta http-equiv=\"Content-Security-Policy\" content=\"style-src 'self'; "
                        + "frame-ancestors 'none'\"></head>");
        ContentSecurityPolicy csp = e.csp();
        assertThat(csp.policies()).hasSize(5);
        assertThat(csp.enforced()).hasSize(4);
        assertThat(csp.reportOnly()).singleElement().satisfies(p -> assertThat(p.disposition()).isEqualTo(Disposition.REPORT));
        ContentSecurityPolicy.Policy first = csp.enforced().get(0);
        assertThat(first.directives().keySet()).containsExactly("default-src", "script-src");
        assertThat(first.directive("script-src").orElseThrow().expressions()).extracting(Object::getClass)
                .containsExactly(SourceExpression.Keyword.class, SourceExpression.Nonce.class, SourceExpression.Hash.class);
        assertThat(first.governing("img-src").orElseThrow().describe()).isEqualTo("default-src 'self'");
        assertThat(csp.enforced().get(1).directive("img-src").orElseThrow().expressions())
                .singleElement().isInstanceOf(SourceExpression.Scheme.class);
        assertThat(csp.enforced().get(2).directive("script-src").orElseThrow().describe()).isEqualTo("script-src 'self'");
        assertThat(csp.enforced().get(3).has("frame-ancestors")).as("not honoured in meta").isFalse();
        assertThat(csp.problems()).anyMatch(p -> p.startsWith("script-src is given twice"))
                .anyMatch(p -> p.contains("self without quotes"))
                .anyMatch(p -> p.contains("none without quotes"))
                .anyMatch(p -> p.startsWith("frame-ancestors is ignored in a <meta> policy"));
        assertThat(ContentSecurityPolicy.fallbackList("worker-src"))
                .containsExactly("worker-src", "child-src", "script-src", "default-src");
    }

    // CSP Level 3 sections 6.7.2 (URL matching) and 6.7.3.3 (inline)
    @Test
    void sources_match_urls_and_inline_code_as_browsers_do() {
        URI page = URI.create("https://shop.test/cart");
        SourceList list = SourceList.of("script-src", List.of("'self'", "https://*.cdn.test", "http://static.test:8080/js/",
                "data:"));
        assertThat(list.matches(URI.create("https://shop.test/app.js"), page)).isTrue();
        assertThat(list.matches(URI.create("https://a.cdn.test/x.js"), page)).isTrue();
        assertThat(list.matches(URI.create("https://cdn.test/x.js"), page)).as("*. needs a sub-domain").isFalse();
        assertThat(list.matches(URI.create("https://static.test:8080/js/lib/x.js"), page)).as("http upgrades to https")
                .isTrue();
        assertThat(list.matches(URI.create("https://static.test:8080/other.js"), page)).isFalse();
        assertThat(list.matches(URI.create("data:text/javascript,alert(1)"), page)).isTrue();
        assertThat(list.matches(URI.create("https://evil.test/x.js"), page)).isFalse();
        assertThat(SourceList.of("img-src", List.of("*")).matches(URI.create("https://x.test/i.png"), page)).isTrue();
        assertThat(SourceList.of("img-src", List.of("*")).matches(URI.create("data:image/png,x"), page)).isFalse();
        assertThat(SourceList.of("script-src", List.of("'self'")).matches(URI.create("http://shop.test/a.js"), page))
                .as("'self' on https does not allow http").isFalse();
        assertThat(SourceList.of("script-src", List.of("'self'", "'strict-dynamic'", "'nonce-a'"))
                .matches(URI.create("https://shop.test/a.js"), page)).isFalse();

        assertThat(SourceList.of("script-src", List.of("'self'", "'unsafe-inline'")).allowsAllInline(true)).isTrue();
        assertThat(SourceList.of("script-src", List.of("'unsafe-inline'", "'nonce-a'")).allowsAllInline(true)).isFalse();
        assertThat(SourceList.of("script-src", List.of("'unsafe-inline'", "'strict-dynamic'")).allowsAllInline(true))
                .isFalse();
        assertThat(SourceList.of("style-src", List.of("'unsafe-inline'", "'strict-dynamic'")).allowsAllInline(false))
                .isTrue();
        assertThat(SourceList.of("object-src", List.of("'none'")).isNone()).isTrue();
        assertThat(SourceList.of("object-src", List.of("'none'", "'self'")).isNone()).isFalse();
    }

    @Test
    void several_enforced_policies_all_apply() {
        ContentSecurityPolicy csp = ContentSecurityPolicy.parse(
                List.of("script-src 'self' 'unsafe-inline'", "default-src 'self'"), List.of("script-src 'none'"));
        ContentSecurityPolicy.EffectiveSources scripts = csp.sources("script-src-elem");
        assertThat(scripts.lists()).extracting(SourceList::describe)
                .containsExactly("script-src 'self' 'unsafe-inline'", "default-src 'self'");
        assertThat(scripts.allowsInline(true)).as("the second policy blocks it").isFalse();
        assertThat(ContentSecurityPolicy.parse(List.of("img-src 'self'"), List.of()).sources("script-src")
                .allowsInline(true)).as("no directive for scripts: no restriction").isTrue();
        assertThat(scripts.allowsUrl(URI.create("https://a.test/x.js"), URI.create("https://a.test/"))).isTrue();
        assertThat(ContentSecurityPolicy.parse(List.of("default-src 'self' 'unsafe-eval'"), List.of())
                .sources("script-src").allowsEval()).isTrue();
    }

    // RFC 6797 section 6.1
    @Test
    void strict_transport_security() {
        StrictTransportSecurity ok = StrictTransportSecurity.parse("max-age=\"31536000\"; includeSubDomains; preload", 1);
        assertThat(ok.isValid()).isTrue();
        assertThat(ok.maxAge()).hasValue(31_536_000);
        assertThat(ok.includeSubDomains()).isTrue();
        assertThat(ok.preload()).isTrue();
        assertThat(StrictTransportSecurity.parse("includeSubDomains", 1).problems()).containsExactly(
                "max-age is missing, and it is required");
        assertThat(StrictTransportSecurity.parse("max-age=1; max-age=2", 1).isValid()).isFalse();
        assertThat(StrictTransportSecurity.parse("max-age=-1", 1).isValid()).isFalse();
        assertThat(HttpExchange.of("GET https://a.test/", 200).hsts().isSent()).isFalse();
    }

    // W3C Referrer Policy: the last known token wins
    @Test
    void referrer_policy() {
        assertThat(ReferrerPolicy.parse(List.of("no-referrer, unknown-future-policy")).policy()).hasValue("no-referrer");
        assertThat(ReferrerPolicy.parse(List.of("unsafe-url", "strict-origin-when-cross-origin")).isStrict()).isTrue();
        assertThat(ReferrerPolicy.parse(List.of("origin")).isStrict()).isFalse();
        assertThat(ReferrerPolicy.parse(List.of("bogus")).policy()).isEmpty();
        HttpExchange meta = HttpExchange.of("GET /", 200, "Content-Type: text/html", "Referrer-Policy: no-referrer")
                .withBody("<meta name=\"referrer\" content=\"unsafe-url\">");
        assertThat(meta.referrerPolicy().policy()).hasValue("unsafe-url");
    }

    @Test
    void permissions_policy_cache_control_and_cors() {
        PermissionsPolicy pp = PermissionsPolicy.parse(Optional.of("camera=(), geolocation=(self \"https://m.test\"), "
                + "fullscreen=*"));
        assertThat(pp.disables("camera")).isTrue();
        assertThat(pp.disables("geolocation")).isFalse();
        assertThat(pp.allowlist("geolocation").orElseThrow().origins()).containsExactly("https://m.test");
        assertThat(pp.allowlist("fullscreen").orElseThrow().all()).isTrue();
        assertThat(PermissionsPolicy.parse(Optional.of("camera 'none'")).problem()).isPresent();

        CacheControl cc = CacheControl.parse(Optional.of("No-Store, max-age=0, private=\"Set-Cookie, X\""));
        assertThat(cc.noStore()).isTrue();
        assertThat(cc.maxAge()).hasValue(0);
        assertThat(cc.directives()).containsEntry("private", "Set-Cookie, X");
        assertThat(cc.noCache()).isFalse();

        HttpExchange reflected = HttpExchange.of("GET /api", 200, "Access-Control-Allow-Origin: https://evil.test",
                "Access-Control-Allow-Credentials: true", "Vary: Accept, Origin")
                .withRequestHeaders("Origin: https://evil.test");
        Cors cors = reflected.cors();
        assertThat(cors.reflectsRequestOrigin()).isTrue();
        assertThat(cors.allowCredentials()).isTrue();
        assertThat(cors.variesByOrigin()).isTrue();
        assertThat(cors.allowsAnyOrigin()).isFalse();
    }
}
