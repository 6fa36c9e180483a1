package dev.roadlab.grader.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A response's CORS headers (Fetch standard, "CORS protocol"), and the {@code Origin} of the request they
 * answered.
 *
 * @param requestOrigin   the request's {@code Origin}, if it sent one
 * @param allowOrigin     {@code Access-Control-Allow-Origin} values (a browser fails the check unless exactly one)
 * @param allowCredentials whether {@code Access-Control-Allow-Credentials} is exactly {@code true}
 */
public record Cors(Optional<String> requestOrigin, List<String> allowOrigin, boolean allowCredentials,
                   List<String> allowMethods, List<String> allowHeaders, List<String> exposeHeaders,
                   boolean variesByOrigin) {

    static Cors of(HttpExchange exchange) {
        Headers h = exchange.headers();
        return new Cors(exchange.requestHeaders().first("Origin"), h.all("Access-Control-Allow-Origin"),
                h.first("Access-Control-Allow-Credentials").map("true"::equals).orElse(false),
                list(h, "Access-Control-Allow-Methods"), list(h, "Access-Control-Allow-Headers"),
                list(h, "Access-Control-Expose-Headers"),
                list(h, "Vary").stream().anyMatch(v -> v.equalsIgnoreCase("origin") || v.equals("*")));
    }

    private static List<String> list(Headers h, String name) {
        return h.combined(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    /** Whether the response takes part in CORS at all. */
    public boolean isSent() {
        return !allowOrigin.isEmpty();
    }

    /** {@code Access-Control-Allow-Origin: *}: any site may read the response (without credentials). */
    public boolean allowsAnyOrigin() {
        return allowOrigin.size() == 1 && allowOrigin.get(0).equals("*");
    }

    /** Whether the response hands the request's own {@code Origin} back, as servers that reflect any origin do. */
    public boolean reflectsRequestOrigin() {
        return requestOrigin.isPresent() && allowOrigin.size() == 1 && allowOrigin.get(0).equals(requestOrigin.get());
    }
}
