package dev.roadlab.grader.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Observatory's own CSP reading, ported line by line from mdn/mdn-http-observatory
 * {@code src/analyzer/cspParser.js} (parseCsp: several policies intersected, a repeated directive invalid) and
 * {@code src/analyzer/tests/csp.js} (the grading), so scores agree with the Observatory's, including where it
 * reads a policy otherwise than browsers do. Sorting uses Java's English collator where the original uses
 * {@code Intl.Collator("en")}.
 */
final class ObservatoryCsp {

    static final String DUPLICATE_WARNINGS_KEY = "_observatory_duplicate_key_warnings";
    private static final int SHORTEST_DIRECTIVE_LENGTH = "img-src".length() - 1;
    private static final Set<String> DISALLOWED_IN_META = Set.of("frame-ancestors", "report-uri", "sandbox");
    private static final Set<String> ALLOWED_DUPLICATES = Set.of("report-uri", "report-to");
    private static final Set<String> DANGEROUSLY_BROAD =
            Set.of("ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*");
    private static final Set<String> UNSAFE_INLINE = Set.of("'unsafe-inline'", "data:");
    private static final Set<String> PASSIVE_DIRECTIVES = new LinkedHashSet<>(List.of("img-src", "media-src"));
    private static final List<String> NONCES_HASHES = List.of("'sha256-", "'sha384-", "'sha512-", "'nonce-");

    /** The outcome: the result and the parsed policy ({@code data}, null when the test stopped early). */
    record Outcome(Expectation result, boolean pass, Map<String, List<String>> data) {
    }

    private static final class Source {
        final String source;
        final int index;
        boolean keep;

        Source(String source, int index, boolean keep) {
            this.source = source;
            this.index = index;
            this.keep = keep;
        }
    }

    private ObservatoryCsp() {
    }

    private static List<String> split(List<String> raw) {
        List<String> out = new ArrayList<>();
        raw.forEach(v -> Arrays.stream(v.split(",", -1)).map(String::strip).forEach(out::add));
        return out;
    }

    static Map<String, Set<String>> parseCspMeta(List<String> list) {
        Map<String, Set<String>> csp = parseCsp(list);
        DISALLOWED_IN_META.forEach(csp::remove);
        return csp;
    }

    static Map<String, Set<String>> parseCsp(List<String> cspList) {
        List<String> clean = cspList.stream().map(s -> s.replaceAll("[\\r\\n]", "").strip()).toList();
        if (clean.isEmpty()) {
            return new LinkedHashMap<>();
        }
        for (String s : clean) {
            if (s.isEmpty() || s.length() < SHORTEST_DIRECTIVE_LENGTH) {
                throw new IllegalArgumentException("Invalid policy: " + s);
            }
        }
        Collator collator = Collator.getInstance(Locale.ENGLISH);
        Map<String, List<Source>> csp = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int policyIndex = 0; policyIndex < clean.size(); policyIndex++) {
            Set<String> seen = new HashSet<>();
            for (String entry : clean.get(policyIndex).split(";", -1)) {
                String[] parts = entry.strip().split("\\s+");
                if (parts.length == 0 || parts[0].isEmpty()) {
                    continue;
                }
                String directive = parts[0].toLowerCase(Locale.ROOT);
                if (seen.contains(directive)) {
                    if (ALLOWED_DUPLICATES.contains(directive)) {
                        duplicates.add(directive);
                    } else {
                        throw new IllegalArgumentException("Duplicate directive " + directive + " in policy "
                                + policyIndex);
                    }
                } else {
                    seen.add(directive);
                }
                List<Source> values = new ArrayList<>();
                boolean keep = policyIndex == 0;
                if (parts.length > 1) {
                    for (int i = 1; i < parts.length; i++) {
                        values.add(new Source(parts[i].strip().toLowerCase(Locale.ROOT), policyIndex, keep));
                    }
                } else if (directive.endsWith("-src")) {
                    values.add(new Source("'none'", policyIndex, keep));
                }
                List<Source> combined = new ArrayList<>();
                if (policyIndex != 0) {
                    combined.addAll(csp.getOrDefault(directive, List.of()));
                }
                combined.addAll(values);
                combined.sort((a, b) -> collator.compare(a.source, b.source));
                for (int i = 1; i < combined.size(); i++) {
                    Source source = combined.get(i);
                    Source prev = combined.get(i - 1);
                    if (source.index == prev.index && source.source.startsWith(prev.source)) {
                        source.keep = false;
                    }
                    if (source.index != prev.index && pathPartMatch(prev.source, source.source)) {
                        source.keep = true;
                    }
                }
                csp.put(directive, new ArrayList<>(combined.stream().filter(s -> s.keep).toList()));
                if (policyIndex == 0 && cspList.size() > 1) {
                    csp.get(directive).forEach(s -> s.keep = false);
                }
            }
        }
        Map<String, Set<String>> result = new LinkedHashMap<>();
        csp.forEach((directive, sources) -> {
            Set<String> set = new LinkedHashSet<>();
            if (sources.isEmpty()) {
                set.add("'none'");
            } else {
                sources.forEach(s -> set.add(s.source));
            }
            result.put(directive, set);
        });
        if (!duplicates.isEmpty()) {
            result.put(DUPLICATE_WARNINGS_KEY, duplicates);
        }
        return result;
    }

    private static boolean pathPartMatch(String pathA, String pathB) {
        if (pathA.isEmpty()) {
            return true;
        }
        if (pathA.equals("/") && pathB.isEmpty()) {
            return true;
        }
        boolean exactMatch = !pathA.endsWith("/");
        List<String> a = new ArrayList<>(Arrays.asList(pathA.split("/", -1)));
        List<String> b = Arrays.asList(pathB.split("/", -1));
        if (a.size() > b.size()) {
            return false;
        }
        if (exactMatch && a.size() != b.size()) {
            return false;
        }
        if (!exactMatch) {
            a.remove(a.size() - 1);
        }
        for (int i = 0; i < a.size(); i++) {
            // decodeURIComponent throws on a malformed escape, which makes the whole policy invalid
            String pieceA = URLDecoder.decode(a.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
            String pieceB = URLDecoder.decode(b.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (!pieceA.equals(pieceB)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithNoncesHash(Set<String> sources) {
        return sources.stream().anyMatch(s -> NONCES_HASHES.stream().anyMatch(s::startsWith));
    }

    private static boolean broadOrInline(String s) {
        return DANGEROUSLY_BROAD.contains(s) || UNSAFE_INLINE.contains(s);
    }

    /** {@code contentSecurityPolicyTest} for one response. */
    static Outcome test(HttpExchange e) {
        List<String> httpPolicies = split(e.headers().all("Content-Security-Policy"));
        List<String> equivPolicies = e.isHtml() ? split(e.html().httpEquiv("Content-Security-Policy")) : List.of();
        Map<String, Set<String>> csp;
        try {
            List<String> all = new ArrayList<>(httpPolicies);
            all.addAll(equivPolicies);
            csp = parseCsp(all);
        } catch (IllegalArgumentException invalid) {
            return new Outcome(Expectation.CSP_HEADER_INVALID, false, null);
        }
        Map<String, Set<String>> httpOnly;
        try {
            httpOnly = parseCsp(httpPolicies);
        } catch (IllegalArgumentException invalid) {
            httpOnly = new LinkedHashMap<>();
        }
        Map<String, Set<String>> meta;
        try {
            meta = parseCspMeta(equivPolicies);
        } catch (IllegalArgumentException invalid) {
            meta = new LinkedHashMap<>();
        }
        if (httpOnly.size() + meta.size() == 0) {
            Expectation result = e.headers().first("Content-Security-Policy-Report-Only").isPresent()
                    ? Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING_ENABLED : Expectation.CSP_NOT_IMPLEMENTED;
            return new Outcome(result, false, null);
        }
        Expectation result = null;
        Set<String> objectSrc = first(csp, "object-src", "default-src");
        Set<String> scriptSrc = first(csp, "script-src", "default-src");
        Set<String> styleSrc = first(csp, "style-src", "default-src");
        // Deliberately the same Set objects as in csp, as in the original: removing a source here removes it there.
        for (Set<String> list : List.of(scriptSrc, styleSrc)) {
            if (startsWithNoncesHash(list) && list.contains("'unsafe-inline'")) {
                list.remove("'unsafe-inline'");
            }
        }
        if (startsWithNoncesHash(scriptSrc) && scriptSrc.contains("'strict-dynamic'")) {
            scriptSrc.removeIf(s -> DANGEROUSLY_BROAD.stream().anyMatch(s::startsWith) || s.equals("'self'")
                    || s.equals("'unsafe-inline'"));
        } else if (scriptSrc.contains("'strict-dynamic'")) {
            result = Expectation.CSP_HEADER_INVALID;
        }
        List<String> active = new ArrayList<>();
        csp.forEach((d, sources) -> {
            if (!PASSIVE_DIRECTIVES.contains(d) && !d.equals("script-src")) {
                active.addAll(sources);
            }
        });
        active.addAll(scriptSrc);
        List<String> passive = new ArrayList<>();
        for (String d : PASSIVE_DIRECTIVES) {
            passive.addAll(csp.containsKey(d) ? csp.get(d) : csp.getOrDefault("default-src", Set.of()));
        }
        boolean https = e.isSecure();
        if (scriptSrc.stream().anyMatch(ObservatoryCsp::broadOrInline)
                || objectSrc.stream().anyMatch(DANGEROUSLY_BROAD::contains)) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_INLINE);
        }
        if (https && active.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_INSECURE_SCHEME);
        }
        if (scriptSrc.contains("'unsafe-eval'") || styleSrc.contains("'unsafe-eval'")) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_EVAL);
        }
        if (https && passive.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_INSECURE_SCHEME_IN_PASSIVE_CONTENT_ONLY);
        }
        if (styleSrc.stream().anyMatch(ObservatoryCsp::broadOrInline)) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_INLINE_IN_STYLE_SRC_ONLY);
        }
        Set<String> defaultSrc = csp.get("default-src");
        if (defaultSrc != null && defaultSrc.contains("'none'") && defaultSrc.size() == 1) {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE);
        } else {
            result = orElse(result, Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE);
        }
        boolean pass = false;
        if (result == Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE
                || result == Expectation.CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE
                || result == Expectation.CSP_IMPLEMENTED_WITH_UNSAFE_INLINE_IN_STYLE_SRC_ONLY
                || result == Expectation.CSP_IMPLEMENTED_WITH_INSECURE_SCHEME_IN_PASSIVE_CONTENT_ONLY) {
            pass = true;
            if (csp.containsKey(DUPLICATE_WARNINGS_KEY)) {
                result = Expectation.CSP_IMPLEMENTED_BUT_DUPLICATE_DIRECTIVES;
            }
        }
        Map<String, List<String>> data = new LinkedHashMap<>();
        csp.forEach((d, sources) -> {
            if (!d.equals(DUPLICATE_WARNINGS_KEY)) {
                data.put(d, sources.stream().sorted().toList());
            }
        });
        return new Outcome(result, pass, data);
    }

    private static Set<String> first(Map<String, Set<String>> csp, String directive, String fallback) {
        if (csp.containsKey(directive)) {
            return csp.get(directive);
        }
        if (csp.containsKey(fallback)) {
            return csp.get(fallback);
        }
        return new LinkedHashSet<>(Set.of("*"));
    }

    private static Expectation orElse(Expectation current, Expectation candidate) {
        return current == null ? candidate : current;
    }
}
