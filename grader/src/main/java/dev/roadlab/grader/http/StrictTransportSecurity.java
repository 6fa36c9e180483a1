package dev.roadlab.grader.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A response's {@code Strict-Transport-Security}, parsed per RFC 6797 section 6.1: {@code max-age} (required),
 * {@code includeSubDomains}, and {@code preload} (not in the RFC; the browsers' preload list asks for it).
 * A browser reads only the first such field, only over TLS, and ignores it entirely when it is ill-formed.
 *
 * <pre>{@code
 * StrictTransportSecurity hsts = exchange.hsts();
 * hsts.isValid() && hsts.maxAge().getAsLong() >= 31_536_000 && hsts.includeSubDomains();
 * }</pre>
 *
 * @param value    the first header value, if any was sent
 * @param fields   how many Strict-Transport-Security fields were sent
 * @param maxAge   max-age in seconds, when well-formed
 * @param problems why a browser would ignore it (empty when it is valid, or when none was sent)
 */
public record StrictTransportSecurity(Optional<String> value, int fields, OptionalLong maxAge,
                                      boolean includeSubDomains, boolean preload, List<String> problems) {

    public StrictTransportSecurity {
        problems = List.copyOf(problems);
    }

    static StrictTransportSecurity of(HttpExchange exchange) {
        List<String> values = exchange.headers().all("Strict-Transport-Security");
        if (values.isEmpty()) {
            return new StrictTransportSecurity(Optional.empty(), 0, OptionalLong.empty(), false, false, List.of());
        }
        return parse(values.get(0), values.size());
    }

    /** Parses one header value ({@code fields}: how many fields the response had). */
    public static StrictTransportSecurity parse(String value, int fields) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        OptionalLong maxAge = OptionalLong.empty();
        boolean includeSubDomains = false;
        boolean preload = false;
        for (String directive : value.split(";", -1)) {
            String d = directive.strip();
            if (d.isEmpty()) {
                continue;
            }
            int eq = d.indexOf('=');
            String name = (eq < 0 ? d : d.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : unquote(d.substring(eq + 1).strip());
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                problems.add("'" + d + "' is not a directive");
                continue;
            }
            if (!seen.add(name)) {
                problems.add(name + " is given twice, which makes the whole header invalid");
                continue;
            }
            switch (name) {
                case "max-age" -> {
                    if (v == null || !v.matches("[0-9]+")) {
                        problems.add("max-age must be a number of seconds, not '" + (v == null ? "" : v) + "'");
                    } else {
                        maxAge = OptionalLong.of(v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v));
                    }
                }
                case "includesubdomains" -> includeSubDomains = true;
                case "preload" -> preload = true;
                default -> {
                    // Unknown directives are ignored (RFC 6797 section 6.1, rule 2).
                }
            }
        }
        if (maxAge.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("max-age"))) {
            problems.add("max-age is missing, and it is required");
        }
        return new StrictTransportSecurity(Optional.of(value), fields, maxAge, includeSubDomains, preload, problems);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    public boolean isSent() {
        return value.isPresent();
    }

    /** Sent and well-formed, so a browser that got it over TLS applies it. */
    public boolean isValid() {
        return isSent() && problems.isEmpty();
    }
}
