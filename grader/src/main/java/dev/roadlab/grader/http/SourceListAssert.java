package dev.roadlab.grader.http;

import dev.roadlab.grader.http.ContentSecurityPolicy.EffectiveSources.Governed;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Assertions on one directive's sources across the enforced policies: a resource loads, or inline code runs,
 * only if every enforced policy lets it, so the strictest policy decides; a policy without the directive (and,
 * for fetch directives, without anything it falls back to) restricts nothing.
 *
 * <pre>{@code
 * HttpAssert.that(page).csp().scriptSources()
 *         .allowsNoInlineScript()
 *         .allowsNoEval()
 *         .excludes("*", "data:", "http:");
 * }</pre>
 */
public final class SourceListAssert {

    private final CspAssert csp;
    private final HttpAssert http;
    private final String directive;
    private final List<Governed> policies;
    private final boolean withFallback;

    SourceListAssert(CspAssert csp, HttpAssert http, String directive, List<Governed> policies, boolean withFallback) {
        this.csp = csp;
        this.http = http;
        this.directive = directive.toLowerCase(Locale.ROOT);
        this.policies = policies;
        this.withFallback = withFallback;
    }

    /** Back to the Content-Security-Policy assertions. */
    public CspAssert and() {
        return csp;
    }

    private List<SourceList> lists() {
        return policies.stream().flatMap(g -> g.sources().stream()).toList();
    }

    private void requireRestricted() {
        if (lists().isEmpty()) {
            http.fail("has a Content-Security-Policy without " + directive
                    + (withFallback && ContentSecurityPolicy.fallbackList(directive).size() > 1
                    ? " or " + String.join(" or ", ContentSecurityPolicy.fallbackList(directive).subList(1,
                    ContentSecurityPolicy.fallbackList(directive).size())) : "")
                    + " (" + policies.get(0).policy().text() + "), so it restricts nothing there.");
        }
    }

    /** Some enforced policy restricts it. */
    public SourceListAssert isPresent() {
        requireRestricted();
        return this;
    }

    /** Some enforced policy lets nothing in: {@code 'none'} alone. */
    public SourceListAssert isNone() {
        requireRestricted();
        if (lists().stream().noneMatch(SourceList::isNone)) {
            http.fail("has " + lists().get(0).describe() + ", where " + directive + " 'none' was expected.");
        }
        return this;
    }

    /** Inline {@code <script>}s and event handlers without a nonce or hash cannot run. */
    public SourceListAssert allowsNoInlineScript() {
        return allowsNoInline(true);
    }

    /** Inline {@code <style>}s and {@code style=} attributes without a nonce or hash are not applied. */
    public SourceListAssert allowsNoInlineStyle() {
        return allowsNoInline(false);
    }

    private SourceListAssert allowsNoInline(boolean script) {
        requireRestricted();
        boolean blocked = lists().stream().anyMatch(l -> !l.allowsAllInline(script));
        if (!blocked) {
            http.fail("lets inline " + (script ? "scripts" : "styles") + " run: " + lists().get(0).describe()
                    + " holds 'unsafe-inline' and no nonce or hash that would switch it off.");
        }
        return this;
    }

    /** {@code eval()}, {@code new Function()} and string timers cannot run: no {@code 'unsafe-eval'}. */
    public SourceListAssert allowsNoEval() {
        requireRestricted();
        if (lists().stream().allMatch(l -> l.hasKeyword("unsafe-eval"))) {
            http.fail("lets scripts turn strings into code: " + lists().get(0).describe() + " holds 'unsafe-eval'.");
        }
        return this;
    }

    /**
     * No restricting policy's list holds any of {@code expressions}, compared as source expressions (case-insensitive
     * keywords and schemes): {@code "http:"} also catches hosts written with {@code http://}, and {@code "*"} a
     * host {@code *}.
     */
    public SourceListAssert excludes(String... expressions) {
        requireRestricted();
        for (SourceList list : lists()) {
            for (SourceExpression e : list.expressions()) {
                for (String banned : expressions) {
                    if (same(e, banned)) {
                        http.fail("has " + list.describe() + ": " + e.text() + " " + why(banned) + ".");
                    }
                }
            }
        }
        return this;
    }

    /** No source lets in any URL of a scheme: {@code *}, a bare scheme ({@code https:}, {@code data:}), a host {@code *}. */
    public SourceListAssert hasNoBroadSources() {
        requireRestricted();
        for (SourceList list : lists()) {
            Optional<SourceExpression> broad = list.broadSources().stream().findFirst();
            if (broad.isPresent()) {
                http.fail("has " + list.describe() + ": " + broad.get().text() + " lets in any URL"
                        + (broad.get() instanceof SourceExpression.Scheme ? " of that scheme." : "."));
            }
        }
        return this;
    }

    private static boolean same(SourceExpression e, String banned) {
        String b = banned.toLowerCase(Locale.ROOT);
        if (e.text().equalsIgnoreCase(banned)) {
            return true;
        }
        if (b.endsWith(":") && e instanceof SourceExpression.Host h) {
            return h.scheme().equals(b.substring(0, b.length() - 1));
        }
        return b.equals("*") && e instanceof SourceExpression.Host h && h.host().equals("*");
    }

    private static String why(String banned) {
        return switch (banned.toLowerCase(Locale.ROOT)) {
            case "'unsafe-inline'" -> "lets injected inline code run";
            case "'unsafe-eval'" -> "lets scripts turn strings into code";
            case "*" -> "lets in any site";
            case "data:" -> "lets in code written into a data: URL, which an attacker can do";
            case "http:" -> "lets in code over plain http, which anyone on the network can change";
            default -> "is not allowed here";
        };
    }
}
