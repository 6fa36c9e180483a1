package dev.roadlab.grader.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A response's {@code Cache-Control} (RFC 9111 section 5.2): directives, each with an optional value, from all the
 * fields combined; names compared without case.
 *
 * @param value      the fields combined, if any was sent
 * @param directives lower-cased directive names to their value ("" when none), in order; the first of a name wins
 */
public record CacheControl(Optional<String> value, Map<String, String> directives) {

    public CacheControl {
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
    }

    static CacheControl of(Headers headers) {
        return parse(headers.combined("Cache-Control"));
    }

    public static CacheControl parse(Optional<String> value) {
        Map<String, String> directives = new LinkedHashMap<>();
        value.ifPresent(v -> {
            for (String part : splitOutsideQuotes(v)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                String val = eq < 0 ? "" : p.substring(eq + 1).strip();
                if (val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")) {
                    val = val.substring(1, val.length() - 1);
                }
                directives.putIfAbsent(name, val);
            }
        });
        return new CacheControl(value, directives);
    }

    private static java.util.List<String> splitOutsideQuotes(String v) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : v.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    public boolean isSent() {
        return value.isPresent();
    }

    public boolean has(String directive) {
        return directives.containsKey(directive.toLowerCase(Locale.ROOT));
    }

    /** {@code no-store}: no cache may keep the response. */
    public boolean noStore() {
        return has("no-store");
    }

    /** {@code no-cache}: a cache must revalidate before reusing it. */
    public boolean noCache() {
        return has("no-cache");
    }

    public boolean isPrivate() {
        return has("private");
    }

    /** {@code max-age} in seconds, when given as a number. */
    public OptionalLong maxAge() {
        String v = directives.get("max-age");
        return v != null && v.matches("[0-9]{1,18}") ? OptionalLong.of(Long.parseLong(v)) : OptionalLong.empty();
    }
}
