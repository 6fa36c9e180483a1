package dev.roadlab.grader.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Content-Security-Policy a response delivers, parsed per CSP Level 3: every policy of every
 * {@code Content-Security-Policy} header field (a field may carry several, separated by commas) and of the
 * page's {@code <meta http-equiv>} tags is enforced, each on its own (a resource loads only if every enforced policy
 * allows it); {@code Content-Security-Policy-Report-Only} policies are kept apart: they report and block nothing.
 *
 * <pre>{@code
 * ContentSecurityPolicy csp = exchange.csp();
 * csp.sources("script-src-elem").allowsInline(true);  // false when some enforced policy blocks inline scripts
 * csp.enforced().get(0).directive("object-src");      // Optional[object-src 'none']
 * }</pre>
 */
public final class ContentSecurityPolicy {

    /** Whether a policy is enforced or only reports (CSP Level 3 section 2.2). */
    public enum Disposition { ENFORCE, REPORT }

    /** How the policy reached the page. */
    public enum Delivery { HEADER, META }

    /** A directive as written: its lower-cased name and its values split on whitespace. */
    public record Directive(String name, List<String> values) {

        public Directive {
            values = List.copyOf(values);
        }

        /** Its values as a source list (meaningful for fetch directives, base-uri, form-action, frame-ancestors). */
        public SourceList sources() {
            return SourceList.of(name, values);
        }

        @Override
        public String toString() {
            return values.isEmpty() ? name : name + " " + String.join(" ", values);
        }
    }

    /**
     * One policy.
     *
     * @param text       the serialized policy as sent
     * @param directives its directives by name, in order; a directive repeated is ignored after its first time
     * @param problems   what a browser ignores or warns about, in the learner's terms
     */
    public record Policy(Disposition disposition, Delivery delivery, String text, Map<String, Directive> directives,
                         List<String> problems) {

        public Policy {
            directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
            problems = List.copyOf(problems);
        }

        public boolean has(String directive) {
            return directives.containsKey(directive.toLowerCase(Locale.ROOT));
        }

        /** The directive's source list, without fallback. */
        public Optional<SourceList> directive(String name) {
            return Optional.ofNullable(directives.get(name.toLowerCase(Locale.ROOT))).map(Directive::sources);
        }

        /**
         * The source list that governs {@code effectiveDirective}: the first of its fallback list the policy has
         * (CSP Level 3 section 6.8.3), e.g. for {@code script-src-elem}: script-src-elem, script-src, default-src.
         */
        public Optional<SourceList> governing(String effectiveDirective) {
            for (String name : fallbackList(effectiveDirective)) {
                if (directives.containsKey(name)) {
                    return Optional.of(directives.get(name).sources());
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The fetch directives' fallback lists (CSP Level 3 section 6.8.3); other directives have none. */
    private static final Map<String, List<String>> FALLBACKS = Map.ofEntries(
            Map.entry("script-src-elem", List.of("script-src-elem", "script-src", "default-src")),
            Map.entry("script-src-attr", List.of("script-src-attr", "script-src", "default-src")),
            Map.entry("style-src-elem", List.of("style-src-elem", "style-src", "default-src")),
            Map.entry("style-src-attr", List.of("style-src-attr", "style-src", "default-src")),
            Map.entry("script-src", List.of("script-src", "default-src")),
            Map.entry("style-src", List.of("style-src", "default-src")),
            Map.entry("worker-src", List.of("worker-src", "child-src", "script-src", "default-src")),
            Map.entry("frame-src", List.of("frame-src", "child-src", "default-src")),
            Map.entry("child-src", List.of("child-src", "default-src")),
            Map.entry("connect-src", List.of("connect-src", "default-src")),
            Map.entry("manifest-src", List.of("manifest-src", "default-src")),
            Map.entry("object-src", List.of("object-src", "default-src")),
            Map.entry("media-src", List.of("media-src", "default-src")),
            Map.entry("font-src", List.of("font-src", "default-src")),
            Map.entry("img-src", List.of("img-src", "default-src")),
            Map.entry("fenced-frame-src", List.of("fenced-frame-src", "frame-src", "child-src", "default-src")),
            Map.entry("default-src", List.of("default-src")));

    /** Directives of CSP Level 3 and its companions (Trusted Types, WebRTC), plus deprecated ones browsers still read. */
    private static final Set<String> KNOWN = Set.of("child-src", "connect-src", "default-src", "font-src",
            "frame-src", "img-src", "manifest-src", "media-src", "object-src", "script-src", "script-src-elem",
            "script-src-attr", "style-src", "style-src-elem", "style-src-attr", "worker-src", "fenced-frame-src",
            "base-uri", "sandbox", "form-action", "frame-ancestors", "report-uri", "report-to",
            "upgrade-insecure-requests", "block-all-mixed-content", "require-trusted-types-for", "trusted-types",
            "webrtc", "prefetch-src");

    /** Not honoured in a {@code <meta>} policy (HTML's "Content security policy state"). */
    private static final Set<String> NOT_IN_META = Set.of("frame-ancestors", "report-uri", "sandbox");

    private final List<Policy> policies;

    private ContentSecurityPolicy(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** The policies of a response: its CSP headers, its report-only headers and, in HTML, its meta tags. */
    static ContentSecurityPolicy of(HttpExchange exchange) {
        List<Policy> policies = new ArrayList<>();
        for (String value : exchange.headers().all("Content-Security-Policy")) {
            policies.addAll(parseList(value, Disposition.ENFORCE, Delivery.HEADER));
        }
        for (String value : exchange.html().httpEquiv("Content-Security-Policy")) {
            policies.addAll(parseList(value, Disposition.ENFORCE, Delivery.META));
        }
        for (String value : exchange.headers().all("Content-Security-Policy-Report-Only")) {
            policies.addAll(parseList(value, Disposition.REPORT, Delivery.HEADER));
        }
        return new ContentSecurityPolicy(policies);
    }

    /** Parses header values: {@code enforced} from Content-Security-Policy, {@code reportOnly} from its report-only twin. */
    public static ContentSecurityPolicy parse(List<String> enforced, List<String> reportOnly) {
        List<Policy> policies = new ArrayList<>();
        enforced.forEach(v -> policies.addAll(parseList(v, Disposition.ENFORCE, Delivery.HEADER)));
        reportOnly.forEach(v -> policies.addAll(parseList(v, Disposition.REPORT, Delivery.HEADER)));
        return new ContentSecurityPolicy(policies);
    }

    /** CSP Level 3 "parse a serialized CSP list": the policies of one header value, split on commas. */
    static List<Policy> parseList(String value, Disposition disposition, Delivery delivery) {
        List<Policy> list = new ArrayList<>();
        for (String serialized : value.split(",", -1)) {
            Policy policy = parsePolicy(serialized.strip(), disposition, delivery);
            if (!policy.directives().isEmpty()) {
                list.add(policy);
            }
        }
        return list;
    }

    /** CSP Level 3 "parse a serialized CSP". */
    static Policy parsePolicy(String serialized, Disposition disposition, Delivery delivery) {
        Map<String, Directive> directives = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String token : serialized.split(";", -1)) {
            String stripped = token.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            String[] words = stripped.split("[\\t\\n\\f\\r ]+");
            String name = words[0].toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9-]+")) {
                problems.add("'" + words[0] + "' is not a directive name; browsers ignore it");
                continue;
            }
            if (directives.containsKey(name)) {
                problems.add(name + " is given twice; browsers use the first and ignore '" + stripped + "'");
                continue;
            }
            if (!KNOWN.contains(name)) {
                problems.add(name + " is not a CSP directive; browsers ignore it");
            }
            if (delivery == Delivery.META && NOT_IN_META.contains(name)) {
                problems.add(name + " is ignored in a <meta> policy; it works only in the header");
                continue;
            }
            List<String> values = Arrays.asList(words).subList(1, words.length);
            directives.put(name, new Directive(name, values));
            if (isSourceList(name)) {
                problems.addAll(sourceProblems(name, values));
            }
        }
        return new Policy(disposition, delivery, serialized, directives, problems);
    }

    private static List<String> sourceProblems(String directive, List<String> values) {
        List<String> problems = new ArrayList<>();
        for (String v : values) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (SourceExpression.KEYWORDS.contains(lower)) {
                problems.add(directive + " has " + v + " without quotes: browsers read it as a host named " + v
                        + ", not as the keyword '" + lower + "'");
            } else if (SourceExpression.parse(v) instanceof SourceExpression.Unrecognised) {
                problems.add(directive + " has '" + v + "', which is no source expression; browsers ignore it");
            }
        }
        if (values.size() > 1 && values.stream().anyMatch(v -> v.equalsIgnoreCase("'none'"))) {
            problems.add(directive + " has 'none' beside other sources: 'none' is then ignored");
        }
        return problems;
    }

    private static boolean isSourceList(String name) {
        return name.endsWith("-src") || name.endsWith("-src-elem") || name.endsWith("-src-attr")
                || name.equals("base-uri") || name.equals("form-action") || name.equals("frame-ancestors");
    }

    /** The fallback list of a directive: itself first (CSP Level 3 section 6.8.3). */
    public static List<String> fallbackList(String directive) {
        String name = directive.toLowerCase(Locale.ROOT);
        return FALLBACKS.getOrDefault(name, List.of(name));
    }

    /** Every policy, enforced and report-only, in the order: headers, meta tags, report-only headers. */
    public List<Policy> policies() {
        return policies;
    }

    /** The policies browsers enforce. */
    public List<Policy> enforced() {
        return policies.stream().filter(p -> p.disposition() == Disposition.ENFORCE).toList();
    }

    /** The {@code Content-Security-Policy-Report-Only} policies: they report violations and block nothing. */
    public List<Policy> reportOnly() {
        return policies.stream().filter(p -> p.disposition() == Disposition.REPORT).toList();
    }

    /** Whether at least one policy is enforced. */
    public boolean isEnforced() {
        return !enforced().isEmpty();
    }

    /** What the enforced policies say about {@code effectiveDirective}, each policy through its fallback list. */
    public EffectiveSources sources(String effectiveDirective) {
        return new EffectiveSources(effectiveDirective.toLowerCase(Locale.ROOT),
                enforced().stream().map(p -> new EffectiveSources.Governed(p, p.governing(effectiveDirective)))
                        .toList());
    }

    /** Every problem of every policy, prefixed with the policy when there are several. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        policies.forEach(p -> all.addAll(p.problems()));
        return all;
    }

    @Override
    public String toString() {
        return String.join(" | ", policies.stream().map(Policy::text).toList());
    }

    /**
     * The sources the enforced policies allow for one kind of fetch: a request succeeds only if every policy
     * allows it, and a policy without the directive or any directive it falls back to allows everything.
     *
     * @param directive the effective directive, e.g. {@code script-src-elem} for {@code <script>} elements
     * @param policies  each enforced policy with the source list that governs the directive in it, if any
     */
    public record EffectiveSources(String directive, List<Governed> policies) {

        /** An enforced policy and the source list governing the directive there (empty: it does not restrict it). */
        public record Governed(Policy policy, Optional<SourceList> sources) {
        }

        /** The governing source lists of the policies that restrict the directive. */
        public List<SourceList> lists() {
            return policies.stream().flatMap(g -> g.sources().stream()).toList();
        }

        /** Whether some enforced policy restricts this kind of fetch at all. */
        public boolean isRestricted() {
            return !lists().isEmpty();
        }

        /** Whether inline code without nonce or hash runs: only if every enforced policy allows it. */
        public boolean allowsInline(boolean script) {
            return policies.stream().allMatch(g -> g.sources().map(s -> s.allowsAllInline(script)).orElse(true));
        }

        /** Whether {@code eval()} and its kin run ({@code 'unsafe-eval'} in every restricting policy). */
        public boolean allowsEval() {
            return policies.stream().allMatch(g -> g.sources().map(s -> s.hasKeyword("unsafe-eval")).orElse(true));
        }

        /** Whether a resource at {@code url} loads into a page at {@code origin}. */
        public boolean allowsUrl(URI url, URI origin) {
            return policies.stream().allMatch(g -> g.sources().map(s -> s.matches(url, origin)).orElse(true));
        }
    }
}
