package dev.roadlab.grader.http;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Assertions on a response's Content-Security-Policy, judged on the parsed policies (never by matching text):
 * only enforced policies protect, so report-only ones count for nothing here, and several enforced policies all
 * apply at once.
 *
 * <pre>{@code
 * HttpAssert.that(page).csp()
 *         .isEnforced()
 *         .hasDefaultSrcNoneOrSelf()
 *         .restrictsBaseUri()
 *         .restrictsFrameAncestors()
 *         .loadsScript("/assets/app.js")
 *         .objectSources().isNone();
 * }</pre>
 */
public final class CspAssert {

    private final HttpAssert http;
    private final ContentSecurityPolicy csp;

    CspAssert(HttpAssert http, ContentSecurityPolicy csp) {
        this.http = http;
        this.csp = csp;
    }

    /** Back to the exchange's assertions. */
    public HttpAssert and() {
        return http;
    }

    public ContentSecurityPolicy policy() {
        return csp;
    }

    /** At least one policy is enforced: a Content-Security-Policy header (or meta tag), not only report-only. */
    public CspAssert isEnforced() {
        if (!csp.isEnforced()) {
            if (!csp.reportOnly().isEmpty()) {
                http.fail("sends only Content-Security-Policy-Report-Only (" + csp.reportOnly().get(0).text()
                        + "), which reports violations and blocks nothing.");
            }
            http.fail("sends no Content-Security-Policy.");
        }
        return this;
    }

    /** Some enforced policy has a {@code default-src} of {@code 'none'} or {@code 'self'} (or both) and nothing else. */
    public CspAssert hasDefaultSrcNoneOrSelf() {
        isEnforced();
        List<SourceList> defaults = csp.enforced().stream().flatMap(p -> p.directive("default-src").stream()).toList();
        if (defaults.isEmpty()) {
            http.fail("has a Content-Security-Policy without default-src (" + csp.enforced().get(0).text()
                    + "), so whatever it does not name (fonts, frames, media, connections...) loads from anywhere.");
        }
        boolean strict = defaults.stream().anyMatch(d -> d.expressions().stream().allMatch(e ->
                e instanceof SourceExpression.Keyword k && (k.is("none") || k.is("self"))));
        if (!strict) {
            http.fail("has " + defaults.get(0).describe() + ", which lets in more than the page's own origin"
                    + " ('none' or 'self' was expected).");
        }
        return this;
    }

    /** A directive as written in each enforced policy, without fallback (e.g. {@code base-uri}). */
    public SourceListAssert directive(String name) {
        isEnforced();
        return new SourceListAssert(this, http, name, csp.enforced().stream()
                .map(p -> new ContentSecurityPolicy.EffectiveSources.Governed(p, p.directive(name))).toList(), false);
    }

    /** The sources of a fetch directive through its fallback list, e.g. {@code img-src} then {@code default-src}. */
    public SourceListAssert sources(String fetchDirective) {
        isEnforced();
        return new SourceListAssert(this, http, fetchDirective, csp.sources(fetchDirective).policies(), true);
    }

    /** {@code script-src}, or {@code default-src} in a policy without it. */
    public SourceListAssert scriptSources() {
        return sources("script-src");
    }

    /** {@code style-src}, or {@code default-src} in a policy without it. */
    public SourceListAssert styleSources() {
        return sources("style-src");
    }

    /** {@code object-src}, or {@code default-src} in a policy without it (plugins: Flash, Java applets). */
    public SourceListAssert objectSources() {
        return sources("object-src");
    }

    /** Some enforced policy has {@code base-uri}, and not one that lets in any URL; it has no fallback. */
    public CspAssert restrictsBaseUri() {
        return restricts("base-uri", "so an injected <base> tag can point every relative URL of the page elsewhere");
    }

    /** Some enforced header policy has {@code frame-ancestors}, and not one that lets in any site; it has no fallback. */
    public CspAssert restrictsFrameAncestors() {
        return restricts("frame-ancestors", "so any site may frame the page (clickjacking)");
    }

    /** Some enforced policy has {@code form-action}, and not one that lets in any URL; it has no fallback. */
    public CspAssert restrictsFormAction() {
        return restricts("form-action", "so an injected form can post the page's data anywhere");
    }

    private CspAssert restricts(String directive, String consequence) {
        isEnforced();
        List<SourceList> lists = csp.enforced().stream().flatMap(p -> p.directive(directive).stream()).toList();
        if (lists.isEmpty()) {
            http.fail("has a Content-Security-Policy without " + directive + " (" + csp.enforced().get(0).text()
                    + "), " + consequence + "; default-src does not cover it.");
        }
        if (lists.stream().allMatch(l -> !l.broadSources().isEmpty())) {
            http.fail("has " + lists.get(0).describe() + ": " + lists.get(0).broadSources().get(0).text()
                    + " lets in any site, " + consequence + ".");
        }
        return this;
    }

    /** A {@code <script src>} at {@code url} (relative to the page) may load under the enforced policies. */
    public CspAssert loadsScript(String url) {
        return loads("script-src-elem", "script", url);
    }

    /** A stylesheet at {@code url} (relative to the page) may load under the enforced policies. */
    public CspAssert loadsStyle(String url) {
        return loads("style-src-elem", "stylesheet", url);
    }

    /** An image at {@code url} (relative to the page) may load under the enforced policies. */
    public CspAssert loadsImage(String url) {
        return loads("img-src", "image", url);
    }

    private CspAssert loads(String directive, String what, String url) {
        URI page = http.exchange().uri();
        URI target = page.resolve(url);
        for (ContentSecurityPolicy.EffectiveSources.Governed g : csp.sources(directive).policies()) {
            Optional<SourceList> list = g.sources();
            if (list.isPresent() && !list.get().matches(target, page)) {
                http.fail("blocks its own " + what + " " + url + ": its Content-Security-Policy has "
                        + list.get().describe() + ", which does not let it load, so the page breaks.",
                        "A policy so strict that the page's own files are refused breaks the page; find which directive"
                                + " governs that kind of file and which source expression names the site's own origin.");
            }
        }
        return this;
    }

    /** The policies have nothing a browser ignores or warns about (duplicate or unknown directives, unquoted keywords). */
    public CspAssert isWellFormed() {
        List<String> problems = csp.problems();
        if (!problems.isEmpty()) {
            http.fail("has a Content-Security-Policy browsers read otherwise than written: "
                    + String.join("; ", problems) + ".");
        }
        return this;
    }
}
