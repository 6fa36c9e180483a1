package dev.roadlab.grader.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A response's referrer policy: the {@code Referrer-Policy} header fields, and for HTML a
 * {@code <meta name="referrer">}, as browsers read them (W3C Referrer Policy, "parse a referrer policy from a
 * Referrer-Policy header"): a comma-separated list in which the last token a browser knows wins, so a new policy
 * can be listed after an older fallback.
 *
 * @param values the header values then the meta tags' content, in order
 * @param policy the policy in force, lower-case; empty if none was given or none was understood
 */
public record ReferrerPolicy(List<String> values, Optional<String> policy) {

    /** Every policy the specification defines. */
    public static final Set<String> POLICIES = Set.of("no-referrer", "no-referrer-when-downgrade", "same-origin",
            "origin", "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url");

    /**
     * The policies that never send a page's path and query to another origin, nor anything over a downgrade to
     * http (the set the MDN HTTP Observatory rewards).
     */
    public static final Set<String> STRICT = Set.of("no-referrer", "same-origin", "strict-origin",
            "strict-origin-when-cross-origin");

    public ReferrerPolicy {
        values = List.copyOf(values);
    }

    static ReferrerPolicy of(HttpExchange exchange) {
        List<String> values = new java.util.ArrayList<>(exchange.headers().all("Referrer-Policy"));
        exchange.html().metas().stream()
                .filter(m -> m.name() != null && m.name().strip().equalsIgnoreCase("referrer") && m.content() != null)
                .forEach(m -> values.add(m.content()));
        return parse(values);
    }

    /** Parses header values (and meta contents) in the order they apply. */
    public static ReferrerPolicy parse(List<String> values) {
        Optional<String> policy = Optional.empty();
        for (String value : values) {
            for (String token : value.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (POLICIES.contains(t)) {
                    policy = Optional.of(t);
                }
            }
        }
        return new ReferrerPolicy(values, policy);
    }

    public boolean isSent() {
        return !values.isEmpty();
    }

    /** Whether the policy in force is one of {@link #STRICT}. */
    public boolean isStrict() {
        return policy.map(STRICT::contains).orElse(false);
    }
}
