package dev.roadlab.grader.http;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code Set-Cookie} header field, parsed the way a browser parses it (RFC 6265bis, draft 19, section 5.6):
 * the name and value, then every attribute it understands, the last of each kind winning, unknown attributes and
 * ill-formed values ignored.
 *
 * <p>Whether a browser then <em>stores</em> the cookie is a second question, answered by {@link #rejection}: the
 * {@code __Secure-} and {@code __Host-} prefixes, {@code Secure} from an insecure origin, {@code SameSite=None}
 * without {@code Secure}, a {@code Domain} that does not cover the host.
 *
 * <pre>{@code
 * SetCookie sid = SetCookie.parse("__Host-sid=abc; Path=/; Secure; HttpOnly").orElseThrow();
 * sid.sameSite();          // DEFAULT: none declared
 * sid.effectiveSameSite(); // LAX, as browsers treat a cookie without SameSite
 * }</pre>
 *
 * @param raw        the header field's value as sent
 * @param name       the cookie's name (may be empty)
 * @param value      its value
 * @param secure     {@code Secure} was given
 * @param httpOnly   {@code HttpOnly} was given
 * @param sameSite   the {@code SameSite} enforcement: {@link SameSite#DEFAULT} when none or an unknown value was given
 * @param declaredSameSite the {@code SameSite} value as written (empty when the attribute is absent)
 * @param path       the {@code Path} attribute if it was a usable path (starts with {@code /})
 * @param domain     the {@code Domain} attribute, lower-cased, without a leading dot
 * @param maxAge     the {@code Max-Age} in seconds, when well-formed
 * @param expires    the {@code Expires} date, when it parsed
 * @param partitioned {@code Partitioned} was given
 */
public record SetCookie(String raw, String name, String value, boolean secure, boolean httpOnly, SameSite sameSite,
                        Optional<String> declaredSameSite, Optional<String> path, Optional<String> domain,
                        OptionalLong maxAge, Optional<Instant> expires, boolean partitioned) {

    /** A cookie's same-site enforcement (RFC 6265bis section 5.6.7). */
    public enum SameSite {
        STRICT, LAX, NONE,
        /** No valid {@code SameSite} attribute: browsers implementing "Lax by default" treat it as {@link #LAX}. */
        DEFAULT;

        /** How it is written in a header: {@code Strict}, {@code Lax}, {@code None}; empty for DEFAULT. */
        public String attribute() {
            return this == DEFAULT ? "" : name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }
    }

    private static final int MAX_NAME_VALUE = 4096;
    private static final int MAX_ATTRIBUTE_VALUE = 1024;

    /**
     * Parses one {@code Set-Cookie} value; empty when a browser would ignore it entirely while parsing (control
     * characters, no name and no value, name and value over 4096 octets).
     */
    public static Optional<SetCookie> parse(String header) {
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return Optional.empty();
            }
        }
        int semi = header.indexOf(';');
        String pair = semi < 0 ? header : header.substring(0, semi);
        String unparsed = semi < 0 ? "" : header.substring(semi);
        String name;
        String value;
        int eq = pair.indexOf('=');
        if (eq < 0) {
            name = "";
            value = trimWsp(pair);
        } else {
            name = trimWsp(pair.substring(0, eq));
            value = trimWsp(pair.substring(eq + 1));
        }
        if (name.length() + value.length() > MAX_NAME_VALUE || (name.isEmpty() && value.isEmpty())) {
            return Optional.empty();
        }
        boolean secure = false;
        boolean httpOnly = false;
        boolean partitioned = false;
        SameSite sameSite = SameSite.DEFAULT;
        Optional<String> declaredSameSite = Optional.empty();
        Optional<String> path = Optional.empty();
        Optional<String> domain = Optional.empty();
        OptionalLong maxAge = OptionalLong.empty();
        Optional<Instant> expires = Optional.empty();
        for (String av : unparsed.isEmpty() ? new String[0] : unparsed.substring(1).split(";", -1)) {
            int avEq = av.indexOf('=');
            String avName = trimWsp(avEq < 0 ? av : av.substring(0, avEq)).toLowerCase(Locale.ROOT);
            String avValue = avEq < 0 ? "" : trimWsp(av.substring(avEq + 1));
            if (avValue.length() > MAX_ATTRIBUTE_VALUE) {
                continue;
            }
            switch (avName) {
                case "expires" -> {
                    Optional<Instant> date = cookieDate(avValue);
                    if (date.isPresent()) {
                        expires = date;
                    }
                }
                case "max-age" -> {
                    if (avValue.matches("-?[0-9]+")) {
                        maxAge = OptionalLong.of(parseDelta(avValue));
                    }
                }
                case "domain" -> {
                    if (!avValue.isEmpty()) {
                        String d = avValue.startsWith(".") ? avValue.substring(1) : avValue;
                        domain = Optional.of(d.toLowerCase(Locale.ROOT));
                    }
                }
                case "path" -> path = avValue.startsWith("/") ? Optional.of(avValue) : Optional.empty();
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "partitioned" -> partitioned = true;
                case "samesite" -> {
                    declaredSameSite = Optional.of(avValue);
                    sameSite = switch (avValue.toLowerCase(Locale.ROOT)) {
                        case "strict" -> SameSite.STRICT;
                        case "lax" -> SameSite.LAX;
                        case "none" -> SameSite.NONE;
                        default -> SameSite.DEFAULT;
                    };
                }
                default -> {
                    // Unknown attributes are ignored (section 5.6, step 8 of the attribute loop).
                }
            }
        }
        return Optional.of(new SetCookie(header, name, value, secure, httpOnly, sameSite, declaredSameSite, path,
                domain, maxAge, expires, partitioned));
    }

    /** The same-site enforcement a browser applies: {@link SameSite#DEFAULT} counts as {@link SameSite#LAX}. */
    public SameSite effectiveSameSite() {
        return sameSite == SameSite.DEFAULT ? SameSite.LAX : sameSite;
    }

    /** Whether the cookie outlives the browser session ({@code Max-Age} or {@code Expires} given). */
    public boolean isPersistent() {
        return maxAge.isPresent() || expires.isPresent();
    }

    /** When the cookie expires, seen from {@code now}; {@code Max-Age} beats {@code Expires}; empty for a session cookie. */
    public Optional<Instant> expiry(Instant now) {
        if (maxAge.isPresent()) {
            long seconds = maxAge.getAsLong();
            return Optional.of(seconds <= 0 ? Instant.EPOCH : now.plus(Duration.ofSeconds(seconds)));
        }
        return expires;
    }

    /** Whether the cookie is already expired at {@code now}: such a header deletes the cookie rather than sets it. */
    public boolean isExpiredAt(Instant now) {
        return expiry(now).map(e -> !e.isAfter(now)).orElse(false);
    }

    /**
     * Why a browser that received this cookie in answer to {@code exchange} would not store it, or empty if it
     * would (RFC 6265bis section 5.7, storage model). Loopback hosts count as secure origins, as browsers treat
     * {@code http://localhost} and {@code http://127.0.0.1}.
     */
    public Optional<String> rejection(HttpExchange exchange) {
        URI uri = exchange.uri();
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean secureOrigin = exchange.isSecure() || isLoopback(host);
        if (domain.isPresent() && !domainMatches(host, domain.get())) {
            return Optional.of("its Domain=" + domain.get() + " does not cover the host " + host);
        }
        if (secure && !secureOrigin) {
            return Optional.of("it is Secure but came over plain http from " + host);
        }
        if (sameSite == SameSite.NONE && !secure) {
            return Optional.of("it is SameSite=None without Secure");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("__secure-") && !secure) {
            return Optional.of("its name starts with __Secure- but it is not Secure");
        }
        if (lower.startsWith("__host-")) {
            if (!secure) {
                return Optional.of("its name starts with __Host- but it is not Secure");
            }
            if (domain.isPresent()) {
                return Optional.of("its name starts with __Host- but it has a Domain attribute");
            }
            if (!path.equals(Optional.of("/"))) {
                return Optional.of("its name starts with __Host- but its Path is not /");
            }
        }
        if (name.isEmpty()) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.startsWith("__secure-") || v.startsWith("__host-")) {
                return Optional.of("it has no name and its value starts with a __Secure- or __Host- prefix");
            }
        }
        return Optional.empty();
    }

    /** The header as a learner reads it, without the value (which may be a secret): {@code sid (Secure; HttpOnly)}. */
    public String describe() {
        List<String> attrs = new ArrayList<>();
        path.ifPresent(p -> attrs.add("Path=" + p));
        domain.ifPresent(d -> attrs.add("Domain=" + d));
        if (secure) {
            attrs.add("Secure");
        }
        if (httpOnly) {
            attrs.add("HttpOnly");
        }
        declaredSameSite.ifPresent(s -> attrs.add("SameSite=" + s));
        maxAge.ifPresent(m -> attrs.add("Max-Age=" + m));
        return (name.isEmpty() ? "(nameless cookie)" : name) + (attrs.isEmpty() ? " (no attributes)"
                : " (" + String.join("; ", attrs) + ")");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1");
    }

    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !host.matches("[0-9.]+"));
    }

    private static long parseDelta(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static String trimWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static final Pattern TIME = Pattern.compile("([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[^0-9].*)?");
    private static final Pattern DAY = Pattern.compile("([0-9]{1,2})(?:[^0-9].*)?");
    private static final Pattern YEAR = Pattern.compile("([0-9]{2,4})(?:[^0-9].*)?");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /** The cookie-date algorithm of RFC 6265bis section 5.1.1: lenient, the way browsers read Expires. */
    static Optional<Instant> cookieDate(String text) {
        Integer hour = null, minute = null, second = null, day = null, month = null, year = null;
        for (String token : text.split("[\\x09\\x20-\\x2F\\x3B-\\x40\\x5B-\\x60\\x7B-\\x7E]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m;
            if (hour == null && (m = TIME.matcher(token)).matches()) {
                hour = Integer.parseInt(m.group(1));
                minute = Integer.parseInt(m.group(2));
                second = Integer.parseInt(m.group(3));
            } else if (day == null && (m = DAY.matcher(token)).matches()) {
                day = Integer.parseInt(m.group(1));
            } else if (month == null && token.length() >= 3
                    && MONTHS.contains(token.substring(0, 3).toLowerCase(Locale.ROOT))) {
                month = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
            } else if (year == null && (m = YEAR.matcher(token)).matches()) {
                year = Integer.parseInt(m.group(1));
            }
        }
        if (year != null && year >= 70 && year <= 99) {
            year += 1900;
        } else if (year != null && year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour == null || day == null || month == null || year == null || day < 1 || day > 31 || year < 1601
                || hour > 23 || minute > 59 || second > 59) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
        } catch (java.time.DateTimeException invalidDay) {
            return Optional.empty();
        }
    }
}
