package dev.roadlab.grader.http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One request and the response it got, parsed on demand into the views checks talk about: cookies, the
 * Content-Security-Policy, Strict-Transport-Security, Referrer-Policy, Permissions-Policy, Cache-Control and CORS.
 *
 * <pre>{@code
 * HttpExchange page = HttpExchange.of(client.send(request, BodyHandlers.ofString()));
 * HttpExchange hand = HttpExchange.of("GET https://shop.example/missing", 404,
 *         "Content-Type: text/html", "Set-Cookie: sid=1; Secure").withBody("<p>Not found</p>");
 * }</pre>
 */
public final class HttpExchange {

    private static final URI DEFAULT_BASE = URI.create("http://localhost/");

    private final String method;
    private final URI uri;
    private final Headers requestHeaders;
    private final int status;
    private final Headers headers;
    private final String body;
    private Html html;

    private HttpExchange(String method, URI uri, Headers requestHeaders, int status, Headers headers, String body) {
        this.method = method;
        this.uri = uri;
        this.requestHeaders = requestHeaders;
        this.status = status;
        this.headers = headers;
        this.body = body == null ? "" : body;
    }

    /** A response received with {@code java.net.http}; its body is kept when it was read as a String or bytes. */
    public static HttpExchange of(HttpResponse<?> response) {
        String body = switch (response.body()) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case null, default -> "";
        };
        return new HttpExchange(response.request().method(), response.request().uri(),
                Headers.from(response.request().headers()), response.statusCode(), Headers.from(response.headers()),
                body);
    }

    /**
     * An exchange written by hand, for tests.
     *
     * @param requestLine the method and the URL, e.g. {@code "GET https://shop.example/cart"}; a path alone such
     *                    as {@code "GET /cart"} is taken on {@code http://localhost}; a trailing {@code HTTP/1.1} is
     *                    ignored
     * @param headerLines the response's header lines, {@code "Name: value"}, in order
     */
    public static HttpExchange of(String requestLine, int status, String... headerLines) {
        String[] parts = requestLine.strip().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("a request line is a method and a URL: " + requestLine);
        }
        return new HttpExchange(parts[0].toUpperCase(Locale.ROOT), DEFAULT_BASE.resolve(parts[1]), Headers.none(),
                status, Headers.of(headerLines), "");
    }

    /** This exchange with the given response body. */
    public HttpExchange withBody(String body) {
        return new HttpExchange(method, uri, requestHeaders, status, headers, body);
    }

    /** This exchange with the given request header lines (for example an {@code Origin}). */
    public HttpExchange withRequestHeaders(String... lines) {
        return new HttpExchange(method, uri, Headers.of(lines), status, headers, body);
    }

    public String method() {
        return method;
    }

    /** The URL that was requested. */
    public URI uri() {
        return uri;
    }

    public Headers requestHeaders() {
        return requestHeaders;
    }

    public int status() {
        return status;
    }

    /** The response's header fields. */
    public Headers headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    /** Whether the request went over TLS ({@code https} or {@code wss}). */
    public boolean isSecure() {
        String scheme = uri.getScheme();
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme);
    }

    /** The request as a learner reads it: {@code GET /missing (404)}. */
    public String describe() {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        return method + " " + target + " (" + status + ")";
    }

    /** The media type of the (first) {@code Content-Type}, lower-cased and without parameters; empty if none. */
    public String mediaType() {
        return headers.first("Content-Type").map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** Whether the response is an HTML document ({@code text/html} or {@code application/xhtml+xml}). */
    public boolean isHtml() {
        String type = mediaType();
        return type.equals("text/html") || type.equals("application/xhtml+xml");
    }

    /** Every {@code Set-Cookie} of the response, parsed, in order; those a browser would ignore entirely are left out. */
    public List<SetCookie> cookies() {
        return headers.all("Set-Cookie").stream().flatMap(v -> SetCookie.parse(v).stream()).toList();
    }

    /** The cookie the response sets under {@code name} (the last one, as a browser keeps it). */
    public Optional<SetCookie> cookie(String name) {
        return cookies().stream().filter(c -> c.name().equals(name)).reduce((first, second) -> second);
    }

    /** The Content-Security-Policy the response delivers: its headers, report-only ones apart, and HTML meta tags. */
    public ContentSecurityPolicy csp() {
        return ContentSecurityPolicy.of(this);
    }

    public StrictTransportSecurity hsts() {
        return StrictTransportSecurity.of(this);
    }

    public ReferrerPolicy referrerPolicy() {
        return ReferrerPolicy.of(this);
    }

    public PermissionsPolicy permissionsPolicy() {
        return PermissionsPolicy.of(headers);
    }

    public CacheControl cacheControl() {
        return CacheControl.of(headers);
    }

    public Cors cors() {
        return Cors.of(this);
    }

    /** The body parsed as HTML, once; empty for responses that are not HTML. */
    Html html() {
        if (html == null) {
            html = isHtml() || mediaType().isEmpty() ? Html.parse(body) : Html.EMPTY;
        }
        return html;
    }

    @Override
    public String toString() {
        return method + " " + uri + " -> " + status;
    }
}
