package dev.roadlab.labs;

import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.http.Alert;
import dev.roadlab.grader.http.HttpAssert;
import dev.roadlab.grader.http.HttpExchange;
import dev.roadlab.grader.http.Observatory;
import dev.roadlab.grader.http.ObservatoryReport;
import dev.roadlab.grader.http.PassiveScan;
import dev.roadlab.grader.http.PassiveScanReport;
import dev.roadlab.grader.http.SetCookie.SameSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The rules of the secure-headers lab, each over the responses it concerns, failing with a {@link CheckFailure}
 * that names every response that breaks it. The lab's checks apply them to the learner's nginx; Roadlab's own tests
 * apply them to Roadlab's pages and API, so the engine is held to the lab it teaches.
 *
 * <pre>{@code
 * SecureHeaderRules.strictContentSecurityPolicy(responses);
 * String seen = SecureHeaderRules.passesBaselineScanAtGradeA(responses);   // the scan's view, for the report
 * }</pre>
 */
public final class SecureHeaderRules {

    /** A year, the least max-age HSTS preload lists and this lab accept. */
    public static final long YEAR = 31_536_000;
    /** Powerful features a page that uses none of them should switch off. */
    public static final List<String> FEATURES_OFF = List.of("camera", "microphone", "geolocation");

    private SecureHeaderRules() {
    }

    /**
     * Every response carries an enforced CSP, parsed (never string-matched): {@code default-src 'none'} or
     * {@code 'self'}; script sources (through their fallback) without {@code 'unsafe-inline'}, {@code 'unsafe-eval'},
     * {@code *}, {@code data:} or {@code http:}; {@code object-src 'none'}; {@code base-uri}; {@code frame-ancestors}.
     */
    public static void strictContentSecurityPolicy(List<HttpExchange> responses) {
        everyResponse(responses, "Content-Security-Policy", r -> HttpAssert.that(r).csp()
                .isEnforced()
                .hasDefaultSrcNoneOrSelf()
                .restrictsBaseUri()
                .restrictsFrameAncestors()
                .objectSources().isNone().and()
                .scriptSources().allowsNoInlineScript().allowsNoEval()
                .excludes("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:"));
    }

    /** Every response sends Strict-Transport-Security for at least a year, with includeSubDomains. */
    public static void strictTransportSecurity(List<HttpExchange> responses) {
        everyResponse(responses, "Strict-Transport-Security", r -> HttpAssert.that(r).hsts()
                .hasMaxAgeOfAtLeast(YEAR).includesSubDomains());
    }

    /** Every response sends {@code X-Content-Type-Options: nosniff}. */
    public static void nosniff(List<HttpExchange> responses) {
        everyResponse(responses, "X-Content-Type-Options", r -> HttpAssert.that(r).hasNosniff());
    }

    /** Every response sends a strict Referrer-Policy and a Permissions-Policy switching off {@link #FEATURES_OFF}. */
    public static void referrerAndPermissionsPolicies(List<HttpExchange> responses) {
        everyResponse(responses, "Referrer-Policy and Permissions-Policy", r -> HttpAssert.that(r)
                .hasStrictReferrerPolicy()
                .hasPermissionsPolicy(FEATURES_OFF.toArray(String[]::new)));
    }

    /** No response names the server's version or what the application runs on ({@code X-Powered-By}). */
    public static void namesNoVersionOrFramework(List<HttpExchange> responses) {
        everyResponse(responses, "Server and X-Powered-By", r -> HttpAssert.that(r)
                .hidesServerVersion()
                .lacksHeader("X-Powered-By"));
    }

    /** The response that signs in sets {@code cookie} Secure, HttpOnly and SameSite Strict or Lax. */
    public static void sessionCookieIsProtected(HttpExchange signIn, String cookie) {
        HttpAssert.that(signIn).cookie(cookie).isSecure().isHttpOnly().hasSameSite(SameSite.STRICT, SameSite.LAX);
    }

    /** API responses: {@code Cache-Control: no-store}, and nothing shared with other sites along with credentials. */
    public static void apiIsNotStoredOrShared(List<HttpExchange> api) {
        everyResponse(api, "Cache-Control and CORS", r -> HttpAssert.that(r).isNotStored().sharesNothingWithCredentials());
    }

    /**
     * A ZAP baseline scan (its passive rules at the MEDIUM threshold) raises nothing of medium risk or higher, and
     * the Observatory grades the set A or better.
     *
     * @return what the scan and the grade saw, for the report, when both hold
     */
    public static String passesBaselineScanAtGradeA(List<HttpExchange> responses) {
        PassiveScanReport scan = PassiveScan.of(responses);
        ObservatoryReport grade = Observatory.score(responses);
        List<Alert> serious = scan.atLeast(Alert.Risk.MEDIUM);
        String view = scanView(scan, grade);
        if (!serious.isEmpty() || !grade.isAtLeast("A")) {
            List<String> why = new ArrayList<>();
            if (!serious.isEmpty()) {
                why.add("a ZAP baseline scan fails on " + serious.size() + " alert" + (serious.size() == 1 ? "" : "s")
                        + " of medium risk, among them " + serious.getFirst().describe());
            }
            if (!grade.isAtLeast("A")) {
                why.add("the Observatory grades it " + grade.grade() + " (" + grade.score() + "), below A: its weakest"
                        + " response is " + grade.worst().describe());
            }
            throw new CheckFailure(capitalized(String.join("; and ", why)) + ".\n\n" + view);
        }
        return view;
    }

    /** The passive scan's alerts by rule and the Observatory's score per response, as the report shows them. */
    static String scanView(PassiveScanReport scan, ObservatoryReport grade) {
        StringBuilder view = new StringBuilder("ZAP baseline scan (passive rules " + PassiveScan.ruleIds().stream()
                .map(String::valueOf).collect(Collectors.joining(", ")) + "; threshold MEDIUM): ");
        Map<String, Long> summary = scan.summary();
        if (summary.isEmpty()) {
            view.append("no alerts.");
        } else {
            view.append(summary.size()).append(" kind").append(summary.size() == 1 ? "" : "s").append(" of alert:");
            summary.forEach((alert, count) -> view.append("\n  ").append(alert).append(" x").append(count));
        }
        view.append("\nObservatory: ").append(grade.score()).append(" (").append(grade.grade())
                .append(") on its weakest response, each response graded as a front page:");
        grade.pages().forEach(p -> view.append("\n  ").append(p.describe()));
        view.append("\nNot judged: ").append(String.join("; ", grade.leftOut())).append('.');
        return view.toString();
    }

    /**
     * Applies {@code rule} to each response and fails naming every response it does not hold for, with a hint that
     * fits the pattern: failing on error statuses only, or on one part of the site only, says more than each alone.
     */
    private static void everyResponse(List<HttpExchange> responses, String what, Consumer<HttpExchange> rule) {
        List<HttpExchange> failing = new ArrayList<>();
        CheckFailure first = null;
        for (HttpExchange r : responses) {
            try {
                rule.accept(r);
            } catch (CheckFailure f) {
                failing.add(r);
                first = first == null ? f : first;
            }
        }
        if (first == null) {
            return;
        }
        StringBuilder message = new StringBuilder(first.getMessage());
        if (failing.size() > 1) {
            message.append("\nThe same rule fails on ").append(failing.size() - 1).append(" more response")
                    .append(failing.size() == 2 ? "" : "s").append(": ")
                    .append(failing.stream().skip(1).map(HttpExchange::describe).collect(Collectors.joining(", ")))
                    .append('.');
        }
        List<HttpExchange> passing = responses.stream().filter(r -> !failing.contains(r)).toList();
        if (!passing.isEmpty()) {
            message.append("\nIt holds on ").append(passing.stream().map(HttpExchange::describe)
                    .collect(Collectors.joining(", "))).append('.');
        }
        throw new CheckFailure(message.toString(), patternHint(failing, passing, what).orElse(first.hint()));
    }

    private static java.util.Optional<String> patternHint(List<HttpExchange> failing, List<HttpExchange> passing,
                                                          String what) {
        if (passing.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (failing.stream().allMatch(r -> r.status() >= 400) && passing.stream().allMatch(r -> r.status() < 400)) {
            return java.util.Optional.of(what + " is there on the successful answers and the redirects, and missing"
                    + " on the errors. nginx adds a header only to some statuses unless the directive says otherwise:"
                    + " error pages are the answers an attacker provokes first.");
        }
        String failingPrefix = commonSection(failing);
        if (!failingPrefix.isEmpty() && passing.stream().noneMatch(r -> r.uri().getPath().startsWith(failingPrefix))) {
            return java.util.Optional.of(what + " holds everywhere but under " + failingPrefix + ". In nginx, a block"
                    + " that sets any directive of a kind (an add_header, a proxy_hide_header) inherits none of that kind"
                    + " from the blocks around it.");
        }
        return java.util.Optional.empty();
    }

    /** The first path segment all the responses share ("/api/"), or "" when they do not share one. */
    private static String commonSection(List<HttpExchange> responses) {
        String section = null;
        for (HttpExchange r : responses) {
            String path = r.uri().getPath();
            int slash = path.indexOf('/', 1);
            String own = slash < 0 ? "" : path.substring(0, slash + 1);
            if (section == null) {
                section = own;
            } else if (!section.equals(own)) {
                return "";
            }
        }
        return section == null ? "" : section;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
