package dev.roadlab.grader.http;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One source expression of a CSP source list (CSP Level 3, section 2.3.1): a keyword, a nonce, a hash, a scheme, a
 * host, or the wildcard {@code *}. {@link #parse} never fails: what fits no grammar is {@link Unrecognised}, which
 * browsers ignore.
 *
 * <pre>{@code
 * SourceExpression.parse("'nonce-r4nd0m'");          // Nonce[value=r4nd0m]
 * SourceExpression.parse("https://*.cdn.example:443"); // Host[scheme=https, host=*.cdn.example, port=443, path=]
 * }</pre>
 */
public sealed interface SourceExpression {

    /** The expression as written in the policy. */
    String text();

    /** A quoted keyword such as {@code 'self'} or {@code 'unsafe-inline'}; {@link #name} is lower-case, unquoted. */
    record Keyword(String text, String name) implements SourceExpression {

        public boolean is(String keyword) {
            return name.equals(keyword);
        }
    }

    /** {@code 'nonce-...'}. */
    record Nonce(String text, String value) implements SourceExpression {
    }

    /** {@code 'sha256-...'}, {@code 'sha384-...'} or {@code 'sha512-...'}. */
    record Hash(String text, String algorithm, String value) implements SourceExpression {
    }

    /** A scheme alone, such as {@code https:} or {@code data:}; {@link #scheme} is lower-case without the colon. */
    record Scheme(String text, String scheme) implements SourceExpression {
    }

    /**
     * A host source: optional scheme (lower-case, empty if not given), host (lower-case; may start with {@code *.}
     * or be {@code *}), optional port ({@code ""}, digits or {@code *}) and path ({@code ""} if not given).
     */
    record Host(String text, String scheme, String host, String port, String path) implements SourceExpression {
    }

    /** {@code *}: any URL of a network scheme. */
    record Wildcard(String text) implements SourceExpression {
    }

    /** Anything else; browsers ignore it. A bare {@code self} or {@code none} lands here or as a host, not a keyword. */
    record Unrecognised(String text) implements SourceExpression {
    }

    /** Keywords CSP Level 3 and its browsers define (without quotes). */
    Set<String> KEYWORDS = Set.of("self", "none", "unsafe-inline", "unsafe-eval", "strict-dynamic", "unsafe-hashes",
            "report-sample", "unsafe-allow-redirects", "wasm-unsafe-eval", "trusted-types-eval",
            "inline-speculation-rules", "report-sha256", "report-sha384", "report-sha512");

    Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.\\-]*):");
    Pattern HOST = Pattern.compile("(?:([a-zA-Z][a-zA-Z0-9+.\\-]*)://)?(\\*|(?:\\*\\.)?[a-zA-Z0-9\\-]+(?:\\.[a-zA-Z0-9\\-]+)*\\.?)"
            + "(?::([0-9]+|\\*))?(/[^;,\\s]*)?");
    Pattern NONCE = Pattern.compile("'nonce-([a-zA-Z0-9+/\\-_]+=*)'", Pattern.CASE_INSENSITIVE);
    Pattern HASH = Pattern.compile("'(sha256|sha384|sha512)-([a-zA-Z0-9+/\\-_]+=*)'", Pattern.CASE_INSENSITIVE);

    static SourceExpression parse(String text) {
        if (text.equals("*")) {
            return new Wildcard(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() > 2 && lower.startsWith("'") && lower.endsWith("'")
                && KEYWORDS.contains(lower.substring(1, lower.length() - 1))) {
            return new Keyword(text, lower.substring(1, lower.length() - 1));
        }
        Matcher m = NONCE.matcher(text);
        if (m.matches()) {
            return new Nonce(text, m.group(1));
        }
        m = HASH.matcher(text);
        if (m.matches()) {
            return new Hash(text, m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        m = SCHEME.matcher(text);
        if (m.matches()) {
            return new Scheme(text, m.group(1).toLowerCase(Locale.ROOT));
        }
        m = HOST.matcher(text);
        if (m.matches()) {
            return new Host(text, m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT),
                    m.group(2).toLowerCase(Locale.ROOT), m.group(3) == null ? "" : m.group(3),
                    m.group(4) == null ? "" : m.group(4));
        }
        return new Unrecognised(text);
    }
}
