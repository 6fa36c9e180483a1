package dev.roadlab.grader.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A response's {@code Permissions-Policy}: a structured-field dictionary (RFC 9651) from feature names to
 * allowlists, such as {@code camera=(), geolocation=(self "https://maps.example"), fullscreen=*}. A field that does
 * not parse is ignored by browsers as a whole; {@link #problem} then says why.
 *
 * @param value     the header fields combined, if any was sent
 * @param allowlists each feature's allowlist, in order
 * @param problem   why the header does not parse, if it does not
 */
public record PermissionsPolicy(Optional<String> value, Map<String, Allowlist> allowlists, Optional<String> problem) {

    /**
     * Who may use a feature: everyone ({@code *}), the page's own origin ({@code self}), listed origins. An empty
     * allowlist, {@code ()}, disables the feature.
     */
    public record Allowlist(boolean all, boolean self, List<String> origins) {

        public Allowlist {
            origins = List.copyOf(origins);
        }

        public boolean isEmpty() {
            return !all && !self && origins.isEmpty();
        }
    }

    public PermissionsPolicy {
        allowlists = Collections.unmodifiableMap(new LinkedHashMap<>(allowlists));
    }

    static PermissionsPolicy of(Headers headers) {
        return parse(headers.combined("Permissions-Policy"));
    }

    /** Parses a header value; empty: not sent. */
    public static PermissionsPolicy parse(Optional<String> value) {
        if (value.isEmpty()) {
            return new PermissionsPolicy(value, Map.of(), Optional.empty());
        }
        Map<String, StructuredFields.Member> dictionary;
        try {
            dictionary = StructuredFields.parseDictionary(value.get());
        } catch (IllegalArgumentException e) {
            return new PermissionsPolicy(value, Map.of(), Optional.of("it is not a structured-field dictionary: "
                    + e.getMessage()));
        }
        Map<String, Allowlist> allowlists = new LinkedHashMap<>();
        dictionary.forEach((feature, member) -> {
            List<Object> items = new ArrayList<>();
            switch (member) {
                case StructuredFields.Item item -> items.add(item.value());
                case StructuredFields.InnerList list -> list.items().forEach(i -> items.add(i.value()));
            }
            boolean all = false;
            boolean self = false;
            List<String> origins = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof StructuredFields.Token t && t.value().equals("*")) {
                    all = true;
                } else if (item instanceof StructuredFields.Token t && t.value().equals("self")) {
                    self = true;
                } else if (item instanceof String origin) {
                    origins.add(origin);
                }
            }
            allowlists.put(feature, new Allowlist(all, self, origins));
        });
        return new PermissionsPolicy(value, allowlists, Optional.empty());
    }

    public boolean isSent() {
        return value.isPresent();
    }

    /** Whether the policy disables {@code feature} for everyone, page included ({@code feature=()}). */
    public boolean disables(String feature) {
        Allowlist list = allowlists.get(feature);
        return list != null && list.isEmpty();
    }

    public Optional<Allowlist> allowlist(String feature) {
        return Optional.ofNullable(allowlists.get(feature));
    }
}
