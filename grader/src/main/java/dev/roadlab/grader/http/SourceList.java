package dev.roadlab.grader.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The source list of one CSP directive, such as {@code script-src 'self' 'nonce-abc'}, with the matching rules of
 * CSP Level 3 section 6.7.2 (URLs) and 6.7.3 (inline script and style).
 *
 * @param directive   the directive it belongs to, lower-case
 * @param expressions its source expressions in order
 */
public record SourceList(String directive, List<SourceExpression> expressions) {

    public SourceList {
        expressions = List.copyOf(expressions);
    }

    static SourceList of(String directive, List<String> values) {
        return new SourceList(directive, values.stream().map(SourceExpression::parse).toList());
    }

    /** Whether it lets nothing in: empty, or {@code 'none'} alone (a {@code 'none'} beside other sources is ignored). */
    public boolean isNone() {
        return expressions.isEmpty() || (expressions.size() == 1
                && expressions.get(0) instanceof SourceExpression.Keyword k && k.is("none"));
    }

    /** Whether an expression is written {@code text} (case-insensitive), e.g. {@code "'unsafe-inline'"} or {@code "data:"}. */
    public boolean contains(String text) {
        return expressions.stream().anyMatch(e -> e.text().equalsIgnoreCase(text));
    }

    /** Whether the quoted keyword is in the list; {@code keyword} without quotes, e.g. {@code "unsafe-eval"}. */
    public boolean hasKeyword(String keyword) {
        return expressions.stream().anyMatch(e -> e instanceof SourceExpression.Keyword k && k.is(keyword));
    }

    /** Whether a nonce or a hash is in the list. */
    public boolean hasNonceOrHash() {
        return expressions.stream().anyMatch(e -> e instanceof SourceExpression.Nonce
                || e instanceof SourceExpression.Hash);
    }

    /**
     * Whether inline code without a nonce or hash may run (CSP Level 3 section 6.7.3.3): {@code 'unsafe-inline'}
     * counts only when no nonce or hash is given, nor, for scripts, {@code 'strict-dynamic'}.
     *
     * @param script true for scripts (elements, attributes, {@code javascript:} URLs), false for styles
     */
    public boolean allowsAllInline(boolean script) {
        boolean allowAll = false;
        for (SourceExpression e : expressions) {
            if (e instanceof SourceExpression.Nonce || e instanceof SourceExpression.Hash) {
                return false;
            }
            if (e instanceof SourceExpression.Keyword k) {
                if (script && k.is("strict-dynamic")) {
                    return false;
                }
                if (k.is("unsafe-inline")) {
                    allowAll = true;
                }
            }
        }
        return allowAll;
    }

    /**
     * Whether {@code url} matches the list for a page at {@code origin} (CSP Level 3 section 6.7.2.5, no
     * redirect). A script list holding {@code 'strict-dynamic'} ignores host and scheme sources and
     * {@code 'self'} for the page's own {@code <script src>} elements, so this answers false for it: only a
     * nonce or hash admits such a script.
     */
    public boolean matches(URI url, URI origin) {
        if (directive.startsWith("script-src") && hasKeyword("strict-dynamic")) {
            return false;
        }
        return expressions.stream().anyMatch(e -> matches(e, url, origin));
    }

    /** Whether a source admits any URL of some network scheme: {@code *}, a bare scheme such as {@code https:}, or a host {@code *}. */
    public List<SourceExpression> broadSources() {
        List<SourceExpression> broad = new ArrayList<>();
        for (SourceExpression e : expressions) {
            if (e instanceof SourceExpression.Wildcard || e instanceof SourceExpression.Scheme
                    || (e instanceof SourceExpression.Host h && h.host().equals("*"))) {
                broad.add(e);
            }
        }
        return broad;
    }

    /** The directive as it would be written: {@code script-src 'self' 'unsafe-inline'}. */
    public String describe() {
        return expressions.isEmpty() ? directive + " (empty: nothing allowed)"
                : directive + " " + String.join(" ", expressions.stream().map(SourceExpression::text).toList());
    }

    @Override
    public String toString() {
        return describe();
    }

    static boolean matches(SourceExpression e, URI url, URI origin) {
        String urlScheme = lower(url.getScheme());
        String originScheme = lower(origin.getScheme());
        switch (e) {
            case SourceExpression.Wildcard w -> {
                return urlScheme.equals("http") || urlScheme.equals("https") || urlScheme.equals(originScheme);
            }
            case SourceExpression.Scheme s -> {
                return schemePartMatches(s.scheme(), urlScheme);
            }
            case SourceExpression.Host h -> {
                if (!h.scheme().isEmpty() && !schemePartMatches(h.scheme(), urlScheme)) {
                    return false;
                }
                String host = url.getHost();
                if (host == null) {
                    return false;
                }
                if (h.scheme().isEmpty() && !schemePartMatches(originScheme, urlScheme)) {
                    return false;
                }
                if (!hostPartMatches(h.host(), lower(host))) {
                    return false;
                }
                if (!portPartMatches(h.port(), url)) {
                    return false;
                }
                return h.path().isEmpty() || pathPartMatches(h.path(), url.getRawPath() == null ? "" : url.getRawPath());
            }
            case SourceExpression.Keyword k when k.is("self") -> {
                if (sameOrigin(url, origin)) {
                    return true;
                }
                String host = url.getHost();
                return host != null && host.equalsIgnoreCase(origin.getHost())
                        && effectivePort(url) == effectivePort(origin)
                        && (urlScheme.equals("https") || urlScheme.equals("wss")
                        || (originScheme.equals("http") && (urlScheme.equals("http") || urlScheme.equals("ws"))));
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return lower(a.getScheme()).equals(lower(b.getScheme())) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && effectivePort(a) == effectivePort(b);
    }

    private static boolean schemePartMatches(String a, String b) {
        return a.equals(b) || (a.equals("http") && b.equals("https"))
                || (a.equals("ws") && (b.equals("wss") || b.equals("http") || b.equals("https")))
                || (a.equals("wss") && b.equals("https"));
    }

    private static boolean hostPartMatches(String pattern, String host) {
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            return false; // CSP Level 3: a host source matches domains only; IP addresses are reached through 'self'
        }
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        return pattern.equals(host) || pattern.equals(host + ".");
    }

    private static boolean portPartMatches(String port, URI url) {
        if (port.equals("*")) {
            return true;
        }
        int urlPort = url.getPort() == defaultPort(lower(url.getScheme())) ? -1 : url.getPort();
        int input = port.isEmpty() ? -1 : Integer.parseInt(port);
        if (input == urlPort) {
            return true;
        }
        return urlPort == -1 && input == defaultPort(lower(url.getScheme()));
    }

    private static boolean pathPartMatches(String pathA, String pathB) {
        if (pathA.isEmpty() || (pathA.equals("/") && pathB.isEmpty())) {
            return true;
        }
        boolean exact = !pathA.endsWith("/");
        List<String> a = new ArrayList<>(Arrays.asList(pathA.split("/", -1)));
        List<String> b = Arrays.asList(pathB.split("/", -1));
        if (a.size() > b.size() || (exact && a.size() != b.size())) {
            return false;
        }
        if (!exact) {
            a.remove(a.size() - 1);
        }
        for (int i = 0; i < a.size(); i++) {
            if (!decode(a.get(i)).equals(decode(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String piece) {
        try {
            return URLDecoder.decode(piece.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return piece;
        }
    }

    static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(lower(uri.getScheme()));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "ftp" -> 21;
            default -> -1;
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
