package dev.roadlab.grader.http;

import dev.roadlab.grader.http.ObservatoryReport.Page;
import dev.roadlab.grader.http.ObservatoryReport.TestResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An MDN HTTP Observatory-style score and grade for a set of responses, mirroring mdn/mdn-http-observatory
 * (algorithm version 6): each test's result and modifier ({@code src/analyzer/tests/*.js},
 * {@code src/grader/charts.js}), a base of 100, bonuses counted only when the score without them is at least 90
 * ({@code MINIMUM_SCORE_FOR_EXTRA_CREDIT}, {@code src/scanner/index.js}), and the grade table (100 A+, 90 A,
 * 85 A-, 80 B+, 70 B, 65 B-, 60 C+, 50 C, 45 C-, 40 D+, 30 D, 25 D-, below F).
 *
 * <p>The Observatory grades one front page; here every response of the set is graded as if it were one, with
 * the cookies of the whole set in its jar (the Observatory's jar also gathers the cookies of every request of its
 * session), and the set's grade is its weakest page's. Error pages are graded like the others (the Observatory
 * refuses to grade a front page answering 4xx other than 401/403, or 5xx), because their headers matter too.
 *
 * <p>Tests judged from the responses: content-security-policy (header and meta), cookies, cross-origin-embedder-,
 * cross-origin-opener- and cross-origin-resource-policy, referrer-policy (header and meta), subresource-integrity,
 * x-content-type-options, x-frame-options, and cross-origin-resource-sharing on the response itself (the
 * Observatory sends its own preflight with an {@code Origin}; here a request that carried an {@code Origin} is
 * judged for reflection). Left out, and listed in {@link ObservatoryReport#leftOut()}:
 * <ul>
 *   <li><b>redirection</b>: it follows the site's plain-http address to see whether it redirects to https,
 *       which no set of responses shows;</li>
 *   <li><b>strict-transport-security</b> for responses over plain http: HSTS counts only over TLS, and the
 *       Observatory would find no https at all (-20, "hsts-not-implemented-no-https"); over https it is judged,
 *       except the HSTS preload list, which is not consulted (so no "hsts-preloaded" bonus) and the certificate,
 *       taken as valid.</li>
 * </ul>
 * Registrable domains for subresource-integrity are taken as the host's last two labels (the Observatory uses
 * the public suffix list).
 *
 * <pre>{@code
 * ObservatoryReport report = Observatory.score(exchanges);
 * report.grade();            // "A+"
 * report.isAtLeast("A");     // true
 * }</pre>
 */
public final class Observatory {

    /** The grade table of {@code src/grader/charts.js}, from 100 down in steps of five. */
    static final List<String> GRADES = List.of("A+", "A", "A", "A-", "B+", "B", "B", "B-", "C+", "C", "C", "C-",
            "D+", "D", "D", "D-", "F", "F", "F", "F", "F");
    static final int MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;
    private static final int SIX_MONTHS = 15_552_000;

    private Observatory() {
    }

    /** Grades each response, with the cookies of all of them; the set's grade is the weakest page's. */
    public static ObservatoryReport score(Collection<HttpExchange> exchanges) {
        List<HttpExchange> all = List.copyOf(exchanges);
        List<SetCookie> jar = jar(all);
        List<Page> pages = all.stream().map(e -> page(e, jar)).toList();
        List<String> leftOut = new ArrayList<>();
        leftOut.add("redirection: it needs the site's plain-http address and where it redirects, which a set of"
                + " responses does not show");
        long plain = all.stream().filter(e -> !e.isSecure()).count();
        if (plain > 0) {
            leftOut.add("strict-transport-security for the " + plain + " response(s) over plain http: HSTS counts"
                    + " only over TLS");
        }
        if (plain < all.size()) {
            leftOut.add("the HSTS preload list (no hsts-preloaded bonus) and certificate checks");
        }
        return new ObservatoryReport(pages, leftOut);
    }

    /** Grades one response on its own. */
    public static ObservatoryReport score(HttpExchange exchange) {
        return score(List.of(exchange));
    }

    /** The grade for a score: rounded down to a multiple of 5, 100 and above A+, below 0 as 0. */
    public static String grade(int score) {
        int key = Math.min(Math.max(score, 0) - Math.max(score, 0) % 5, 100);
        return GRADES.get((100 - key) / 5);
    }

    static Page page(HttpExchange e, List<SetCookie> jar) {
        Map<String, Expectation> results = new LinkedHashMap<>();
        Map<String, Boolean> passes = new LinkedHashMap<>();
        ObservatoryCsp.Outcome csp = ObservatoryCsp.test(e);
        put(results, passes, "content-security-policy", csp.result(), csp.pass());
        Optional<Expectation> hsts = e.isSecure() ? Optional.of(hsts(e)) : Optional.empty();
        boolean hstsPass = hsts.map(h -> h == Expectation.HSTS_IMPLEMENTED_MAX_AGE_AT_LEAST_SIX_MONTHS).orElse(false);
        Expectation cookies = cookies(e, jar, hstsPass);
        put(results, passes, "cookies", cookies, cookies == Expectation.COOKIES_NOT_FOUND
                || cookies == Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS_AND_SAMESITE
                || cookies == Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS);
        Expectation coep = structuredPolicy(e, "Cross-Origin-Embedder-Policy", Map.of(
                "require-corp", Expectation.COEP_IMPLEMENTED_WITH_REQUIRE_CORP,
                "credentialless", Expectation.COEP_IMPLEMENTED_WITH_CREDENTIALLESS,
                "unsafe-none", Expectation.COEP_IMPLEMENTED_WITH_UNSAFE_NONE),
                Expectation.COEP_NOT_IMPLEMENTED, Expectation.COEP_HEADER_INVALID);
        put(results, passes, "cross-origin-embedder-policy", coep, coep != Expectation.COEP_HEADER_INVALID);
        Expectation coop = structuredPolicy(e, "Cross-Origin-Opener-Policy", Map.of(
                "same-origin", Expectation.COOP_IMPLEMENTED_WITH_SAME_ORIGIN,
                "same-origin-allow-popups", Expectation.COOP_IMPLEMENTED_WITH_SAME_ORIGIN_ALLOW_POPUPS,
                "noopener-allow-popups", Expectation.COOP_IMPLEMENTED_WITH_NOOPENER_ALLOW_POPUPS,
                "unsafe-none", Expectation.COOP_IMPLEMENTED_WITH_UNSAFE_NONE),
                Expectation.COOP_NOT_IMPLEMENTED, Expectation.COOP_HEADER_INVALID);
        put(results, passes, "cross-origin-opener-policy", coop, coop != Expectation.COOP_HEADER_INVALID);
        Expectation cors = cors(e);
        put(results, passes, "cross-origin-resource-sharing", cors,
                cors != Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_UNIVERSAL_ACCESS);
        Expectation referrer = referrer(e);
        put(results, passes, "referrer-policy", referrer, referrer == Expectation.REFERRER_POLICY_PRIVATE
                || referrer == Expectation.REFERRER_POLICY_NOT_IMPLEMENTED);
        hsts.ifPresent(h -> put(results, passes, "strict-transport-security", h,
                h == Expectation.HSTS_IMPLEMENTED_MAX_AGE_AT_LEAST_SIX_MONTHS));
        Expectation sri = sri(e);
        put(results, passes, "subresource-integrity", sri, switch (sri) {
            case SRI_IMPLEMENTED_AND_ALL_SCRIPTS_LOADED_SECURELY, SRI_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_LOADED_SECURELY,
                 SRI_NOT_IMPLEMENTED_RESPONSE_NOT_HTML, SRI_NOT_IMPLEMENTED_BUT_ALL_SCRIPTS_LOADED_FROM_SECURE_ORIGIN,
                 SRI_NOT_IMPLEMENTED_BUT_NO_SCRIPTS_LOADED -> true;
            default -> false;
        });
        Expectation xcto = e.headers().combined("X-Content-Type-Options")
                .map(v -> v.length() > 256 ? v.substring(0, 256) : v)
                .map(v -> v.strip().toLowerCase(Locale.ROOT).equals("nosniff")
                        ? Expectation.X_CONTENT_TYPE_OPTIONS_NOSNIFF : Expectation.X_CONTENT_TYPE_OPTIONS_HEADER_INVALID)
                .orElse(Expectation.X_CONTENT_TYPE_OPTIONS_NOT_IMPLEMENTED);
        put(results, passes, "x-content-type-options", xcto, xcto == Expectation.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        Expectation xfo = xfo(e, csp);
        put(results, passes, "x-frame-options", xfo, xfo == Expectation.X_FRAME_OPTIONS_ALLOW_FROM_ORIGIN
                || xfo == Expectation.X_FRAME_OPTIONS_SAMEORIGIN_OR_DENY
                || xfo == Expectation.X_FRAME_OPTIONS_IMPLEMENTED_VIA_CSP);
        Expectation corp = corp(e);
        put(results, passes, "cross-origin-resource-policy", corp,
                corp != Expectation.CROSS_ORIGIN_RESOURCE_POLICY_HEADER_INVALID);

        int withExtraCredit = 100;
        int uncurved = 100;
        List<TestResult> tests = new ArrayList<>();
        for (Map.Entry<String, Expectation> r : results.entrySet()) {
            int modifier = r.getValue().modifier();
            withExtraCredit += modifier;
            if (modifier < 0) {
                uncurved += modifier;
            }
            tests.add(new TestResult(r.getKey(), r.getValue(), modifier, passes.get(r.getKey())));
        }
        int score = Math.max(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved, 0);
        return new Page(e.describe(), score, grade(score), tests);
    }

    private static void put(Map<String, Expectation> results, Map<String, Boolean> passes, String test,
                            Expectation result, boolean pass) {
        results.put(test, result);
        passes.put(test, pass);
    }

    /** The cookies the set leaves in a jar, as tough-cookie keeps them: the last per name, prefix violators dropped. */
    static List<SetCookie> jar(List<HttpExchange> exchanges) {
        Map<String, SetCookie> jar = new LinkedHashMap<>();
        for (HttpExchange e : exchanges) {
            String host = e.uri().getHost() == null ? "" : e.uri().getHost().toLowerCase(Locale.ROOT);
            for (SetCookie c : e.cookies()) {
                if (c.name().startsWith("__Secure-") && !c.secure()) {
                    continue;
                }
                if (c.name().startsWith("__Host-") && (!c.secure() || c.domain().isPresent()
                        || !c.path().equals(Optional.of("/")))) {
                    continue;
                }
                if (c.name().isEmpty() || c.name().equals("heroku-session-affinity")) {
                    continue;
                }
                String path = c.path().orElse("/");
                jar.put(c.domain().orElse(host) + ";" + path + ";" + c.name(), c);
            }
        }
        return List.copyOf(jar.values());
    }

    /** {@code src/analyzer/tests/cookies.js}. */
    static Expectation cookies(HttpExchange e, List<SetCookie> jar, boolean hsts) {
        List<Expectation> goodness = List.of(Expectation.COOKIES_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS,
                Expectation.COOKIES_WITHOUT_SECURE_FLAG,
                Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS,
                Expectation.COOKIES_SAMESITE_FLAG_INVALID, Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE_FLAG,
                Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY_FLAG, Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG);
        Expectation result = null;
        for (String raw : e.headers().all("Set-Cookie")) {
            if (invalidSameSite(raw)) {
                result = worse(Expectation.COOKIES_SAMESITE_FLAG_INVALID, result, goodness);
            }
        }
        if (jar.isEmpty()) {
            return Expectation.COOKIES_NOT_FOUND;
        }
        boolean missingSameSite = false;
        for (SetCookie c : jar) {
            String key = c.name().toLowerCase(Locale.ROOT);
            boolean session = key.contains("login") || key.contains("sess");
            boolean anticsrf = key.contains("csrf");
            // tough-cookie keeps SameSite only when it is strict, lax or none
            boolean sameSite = c.sameSite() != SetCookie.SameSite.DEFAULT;
            if (!c.secure() && c.sameSite() == SetCookie.SameSite.NONE) {
                result = worse(Expectation.COOKIES_SAMESITE_FLAG_INVALID, result, goodness);
            }
            if (!c.secure() && hsts) {
                result = worse(Expectation.COOKIES_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS, result, goodness);
            } else if (!c.secure()) {
                result = worse(Expectation.COOKIES_WITHOUT_SECURE_FLAG, result, goodness);
            }
            if (anticsrf && !sameSite) {
                result = worse(Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE_FLAG, result, goodness);
            }
            if (session && !c.secure() && hsts) {
                result = worse(Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS, result, goodness);
            } else if (session && !c.secure()) {
                result = worse(Expectation.COOKIES_SESSION_WITHOUT_SECURE_FLAG, result, goodness);
            }
            if (session && !c.httpOnly()) {
                result = worse(Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY_FLAG, result, goodness);
            }
            if (!sameSite) {
                missingSameSite = true;
            }
        }
        if (result == null) {
            result = missingSameSite ? Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS
                    : Expectation.COOKIES_SECURE_WITH_HTTPONLY_SESSIONS_AND_SAMESITE;
        }
        return result;
    }

    private static boolean invalidSameSite(String raw) {
        for (String part : raw.strip().split(";")) {
            String[] kv = part.strip().split("=");
            if (kv.length > 0 && kv[0].strip().toLowerCase(Locale.ROOT).equals("samesite")) {
                if (kv.length < 2 || kv[1].isEmpty()) {
                    return true;
                }
                if (!List.of("lax", "strict", "none").contains(kv[1].strip().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code onlyIfWorse}: the later in {@code order} wins. */
    private static Expectation worse(Expectation candidate, Expectation current, List<Expectation> order) {
        return current == null || order.indexOf(candidate) > order.indexOf(current) ? candidate : current;
    }

    /** {@code cross-origin-embedder-policy.js} and {@code cross-origin-opener-policy.js}: an RFC 9651 token. */
    private static Expectation structuredPolicy(HttpExchange e, String header, Map<String, Expectation> known,
                                                Expectation notImplemented, Expectation invalid) {
        List<String> values = e.headers().all(header);
        if (values.size() > 1) {
            return invalid;
        }
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return notImplemented;
        }
        String value = values.get(0).length() > 1024 ? values.get(0).substring(0, 1024) : values.get(0);
        try {
            StructuredFields.Item item = StructuredFields.parseItem(value.strip());
            if (item.value() instanceof StructuredFields.Token t && known.containsKey(t.value())) {
                return known.get(t.value());
            }
        } catch (IllegalArgumentException notStructured) {
            // a value that does not parse is invalid, as in the Observatory
        }
        return invalid;
    }

    /** {@code cors.js}, on the response itself. */
    private static Expectation cors(HttpExchange e) {
        Optional<String> acao = e.headers().combined("Access-Control-Allow-Origin");
        if (acao.isEmpty() || acao.get().isEmpty()) {
            return Expectation.CROSS_ORIGIN_RESOURCE_SHARING_NOT_IMPLEMENTED;
        }
        String data = acao.get().strip().toLowerCase(Locale.ROOT);
        Optional<String> origin = e.requestHeaders().combined("Origin");
        Optional<String> credentials = e.headers().combined("Access-Control-Allow-Credentials");
        if (data.equals("*")) {
            return Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_PUBLIC_ACCESS;
        }
        if (origin.isPresent() && origin.get().equals(acao.get())
                && credentials.map(c -> c.strip().toLowerCase(Locale.ROOT).equals("true")).orElse(false)) {
            return Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_UNIVERSAL_ACCESS;
        }
        return Expectation.CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_RESTRICTED_ACCESS;
    }

    /** {@code referrer-policy.js}: headers then meta, the last valid token wins. */
    private static Expectation referrer(HttpExchange e) {
        List<String> values = new ArrayList<>(e.headers().all("Referrer-Policy"));
        if (e.isHtml()) {
            e.html().metas().stream().filter(m -> m.name() != null
                            && m.name().strip().toLowerCase(Locale.ROOT).equals("referrer")
                            && m.content() != null && !m.content().isEmpty())
                    .reduce((a, b) -> b).ifPresent(m -> values.add(m.content()));
        }
        if (values.isEmpty()) {
            return Expectation.REFERRER_POLICY_NOT_IMPLEMENTED;
        }
        String policy = "";
        for (String token : String.join(", ", values).split(",")) {
            String t = token.strip().toLowerCase(Locale.ROOT);
            if (ReferrerPolicy.POLICIES.contains(t)) {
                policy = t;
            }
        }
        if (ReferrerPolicy.STRICT.contains(policy)) {
            return Expectation.REFERRER_POLICY_PRIVATE;
        }
        return ReferrerPolicy.POLICIES.contains(policy) ? Expectation.REFERRER_POLICY_UNSAFE
                : Expectation.REFERRER_POLICY_HEADER_INVALID;
    }

    /** {@code strict-transport-security.js}, for a response over https. */
    static Expectation hsts(HttpExchange e) {
        List<String> values = e.headers().all("Strict-Transport-Security");
        if (values.isEmpty()) {
            return Expectation.HSTS_NOT_IMPLEMENTED;
        }
        String data = String.join(", ", values);
        data = data.length() > 1024 ? data.substring(0, 1024) : data;
        if (data.contains(",")) {
            return Expectation.HSTS_HEADER_INVALID;
        }
        Long maxAge = null;
        for (String parameter : data.split(";")) {
            String p = parameter.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("max-age=")) {
                String digits = p.substring(8, Math.min(p.length(), 128)).replaceFirst("^\\s*([0-9]*).*$", "$1");
                // Number.parseInt gives NaN without leading digits; NaN < SIX_MONTHS is false
                maxAge = digits.isEmpty() ? Long.MAX_VALUE : parseLong(digits);
            }
        }
        if (maxAge == null) {
            return Expectation.HSTS_HEADER_INVALID;
        }
        return maxAge < SIX_MONTHS ? Expectation.HSTS_IMPLEMENTED_MAX_AGE_LESS_THAN_SIX_MONTHS
                : Expectation.HSTS_IMPLEMENTED_MAX_AGE_AT_LEAST_SIX_MONTHS;
    }

    private static long parseLong(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** {@code subresource-integrity.js}. */
    private static Expectation sri(HttpExchange e) {
        String mime = e.headers().combined("Content-Type").map(v -> v.split(";", 2)[0]).orElse("");
        if (!mime.isEmpty() && !(mime.equals("text/html") || mime.equals("application/xhtml+xml"))) {
            return Expectation.SRI_NOT_IMPLEMENTED_RESPONSE_NOT_HTML;
        }
        List<Expectation> goodness = List.of(Expectation.SRI_IMPLEMENTED_AND_ALL_SCRIPTS_LOADED_SECURELY,
                Expectation.SRI_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_LOADED_SECURELY,
                Expectation.SRI_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY,
                Expectation.SRI_NOT_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_LOADED_SECURELY,
                Expectation.SRI_NOT_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY,
                Expectation.SRI_NOT_IMPLEMENTED_RESPONSE_NOT_HTML);
        List<Html.Script> scripts = Html.parse(e.body()).scripts();
        Expectation result = null;
        boolean foreign = false;
        String siteDomain = registrable(e.uri().getHost());
        for (Html.Script script : scripts) {
            String src = script.src();
            if (src == null || src.isEmpty()) {
                continue;
            }
            boolean integrity = script.integrity() != null && !script.integrity().isEmpty();
            boolean relativeOrigin = false;
            boolean relativeProtocol = false;
            boolean sameSld;
            if (src.matches("^//[^/].*")) {
                relativeProtocol = true;
                sameSld = true;
            } else if (src.matches("^https?://.*")) {
                sameSld = java.util.Objects.equals(registrable(hostOf(src)), siteDomain);
            } else {
                relativeOrigin = true;
                sameSld = true;
            }
            boolean secureOrigin = relativeOrigin || (sameSld && !relativeProtocol);
            if (!secureOrigin) {
                foreign = true;
            }
            boolean secureScheme = (!relativeProtocol && !relativeOrigin && src.toLowerCase(Locale.ROOT)
                    .startsWith("https:")) || (relativeOrigin && e.isSecure());
            if (!secureOrigin) {
                if (integrity && !secureScheme) {
                    result = worse(Expectation.SRI_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY, result, goodness);
                } else if (!integrity && secureScheme) {
                    result = worse(Expectation.SRI_NOT_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_LOADED_SECURELY, result, goodness);
                } else if (!integrity) {
                    result = worse(Expectation.SRI_NOT_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY, result,
                            goodness);
                }
            } else if (integrity && secureScheme && result == null) {
                result = Expectation.SRI_IMPLEMENTED_AND_ALL_SCRIPTS_LOADED_SECURELY;
            }
        }
        if (scripts.isEmpty()) {
            return Expectation.SRI_NOT_IMPLEMENTED_BUT_NO_SCRIPTS_LOADED;
        }
        if (result == null) {
            result = foreign ? Expectation.SRI_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_LOADED_SECURELY
                    : Expectation.SRI_NOT_IMPLEMENTED_BUT_ALL_SCRIPTS_LOADED_FROM_SECURE_ORIGIN;
        }
        return result;
    }

    private static String hostOf(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** The last two labels of a host name; none for IP addresses (as tldts gives no domain for them). */
    private static String registrable(String host) {
        if (host == null || host.matches("[0-9.]+") || host.startsWith("[")) {
            return null;
        }
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        return labels.length <= 2 ? String.join(".", labels)
                : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /** {@code x-frame-options.js}: frame-ancestors in the (header and meta) CSP settles it. */
    private static Expectation xfo(HttpExchange e, ObservatoryCsp.Outcome csp) {
        Expectation result = e.headers().combined("X-Frame-Options").filter(v -> !v.isEmpty()).map(v -> {
            String x = (v.length() > 1024 ? v.substring(0, 1024) : v).strip().toLowerCase(Locale.ROOT);
            if (x.equals("deny") || x.equals("sameorigin")) {
                return Expectation.X_FRAME_OPTIONS_SAMEORIGIN_OR_DENY;
            }
            return x.startsWith("allow-from") ? Expectation.X_FRAME_OPTIONS_ALLOW_FROM_ORIGIN
                    : Expectation.X_FRAME_OPTIONS_HEADER_INVALID;
        }).orElse(Expectation.X_FRAME_OPTIONS_NOT_IMPLEMENTED);
        if (csp.data() != null && csp.data().containsKey("frame-ancestors")) {
            result = Expectation.X_FRAME_OPTIONS_IMPLEMENTED_VIA_CSP;
        }
        return result;
    }

    /** {@code cross-origin-resource-policy.js}. */
    private static Expectation corp(HttpExchange e) {
        String value = String.join(", ", e.headers().all("Cross-Origin-Resource-Policy"));
        if (value.isEmpty()) {
            return Expectation.CROSS_ORIGIN_RESOURCE_POLICY_NOT_IMPLEMENTED;
        }
        String corp = (value.length() > 256 ? value.substring(0, 256) : value).strip().toLowerCase(Locale.ROOT);
        return switch (corp) {
            case "same-site" -> Expectation.CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_SAME_SITE;
            case "same-origin" -> Expectation.CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_SAME_ORIGIN;
            case "cross-origin" -> Expectation.CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_CROSS_ORIGIN;
            default -> Expectation.CROSS_ORIGIN_RESOURCE_POLICY_HEADER_INVALID;
        };
    }
}
