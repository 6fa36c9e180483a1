package dev.roadlab.grader.http;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The helpers ZAP's passive rules lean on, ported so the rules read like their sources: content-type tests of
 * zaproxy's {@code HttpResponseHeader} (a substring of the first Content-Type, lower-cased), status classes of
 * {@code HttpStatusCode}, commonlib's {@code ResourceIdentificationUtils}, {@code CookieUtils} and
 * {@code HttpDateUtils}.
 */
final class ZapSupport {

    private static final Pattern IMAGE_PATH =
            Pattern.compile("\\.(bmp|ico|jpg|jpeg|gif|tiff|tif|png|svg)\\z", Pattern.CASE_INSENSITIVE);
    private static final Pattern JS_PATH = Pattern.compile("(?:\\.js|\\.jsx)\\z", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_PATH = Pattern.compile("\\.css\\z", Pattern.CASE_INSENSITIVE);

    private ZapSupport() {
    }

    private static boolean hasContentType(HttpExchange e, String... types) {
        String ct = e.headers().first("Content-Type").map(v -> v.toLowerCase(Locale.ROOT)).orElse(null);
        if (ct == null) {
            return false;
        }
        for (String t : types) {
            if (ct.contains(t)) {
                return true;
            }
        }
        return false;
    }

    static boolean isHtml(HttpExchange e) {
        return hasContentType(e, "html");
    }

    static boolean isText(HttpExchange e) {
        return hasContentType(e, "text", "html", "javascript", "json", "xml");
    }

    private static String path(HttpExchange e) {
        return e.uri().getRawPath() == null ? "" : e.uri().getRawPath();
    }

    /** {@code ResourceIdentificationUtils.isImage}: an image content type or an image file extension. */
    static boolean isImage(HttpExchange e) {
        return hasContentType(e, "image") || IMAGE_PATH.matcher(path(e)).find();
    }

    static boolean isJavaScript(HttpExchange e) {
        return hasContentType(e, "javascript") || JS_PATH.matcher(path(e)).find();
    }

    static boolean isCss(HttpExchange e) {
        return hasContentType(e, "css") || CSS_PATH.matcher(path(e)).find();
    }

    static boolean isRedirection(int status) {
        return status >= 300 && status < 400;
    }

    static boolean isClientError(int status) {
        return status >= 400 && status < 500;
    }

    static boolean isServerError(int status) {
        return status >= 500 && status < 600;
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    static boolean hasBody(HttpExchange e) {
        return !e.body().isEmpty();
    }

    /** {@code CookieUtils.getCookieName}: "" when the pair has no '=' before the first ';'. */
    static String cookieName(String header) {
        if (header.isEmpty()) {
            return null;
        }
        int eq = header.indexOf('=');
        int semi = header.indexOf(';');
        if (eq < 0 || (semi >= 0 && eq > semi)) {
            return "";
        }
        return header.substring(0, eq).trim();
    }

    /** {@code CookieUtils.hasAttribute}. */
    static boolean hasAttribute(String header, String attribute) {
        String[] elements = header.split(";");
        for (int i = 1; i < elements.length; i++) {
            if (attribute.equalsIgnoreCase(elements[i].split("=", 2)[0].trim())) {
                return true;
            }
        }
        return false;
    }

    /** {@code CookieUtils.getAttributeValue}: the first attribute of that name that has a value. */
    static String attributeValue(String header, String attribute) {
        String[] elements = header.split(";");
        for (int i = 1; i < elements.length; i++) {
            String[] av = elements[i].split("=", 2);
            if (av.length > 1 && attribute.equalsIgnoreCase(av[0].trim())) {
                return av[1].trim();
            }
        }
        return null;
    }

    /** {@code CookieUtils.isExpired}: an Expires in the past, or one that does not parse; Max-Age is not read. */
    static boolean isExpired(String header) {
        String expiry = attributeValue(header, "expires");
        if (expiry == null) {
            return false;
        }
        ZonedDateTime expiresAt = parseHttpDate(expiry);
        return expiresAt == null || expiresAt.isBefore(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** The evidence ZAP's cookie rules give: the header's name and the cookie's name, never its value. */
    static String setCookiePlusName(Headers.Field field) {
        return field.name() + ": " + cookieName(field.value());
    }

    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT),
            DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.ROOT),
            new DateTimeFormatterBuilder().parseCaseInsensitive().parseLenient().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR_OF_ERA, 2, 2, LocalDate.now().minusYears(50))
                    .appendPattern(" HH:mm:ss zzz").toFormatter(Locale.ENGLISH),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC));

    /** {@code HttpDateUtils.parse}: RFC 1123, RFC 1123 with hyphens, RFC 1036, asctime; null if none fits. */
    static ZonedDateTime parseHttpDate(String date) {
        if (date == null || date.isEmpty()) {
            return null;
        }
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                return ZonedDateTime.parse(date, f);
            } catch (DateTimeParseException next) {
                // try the next format, as ZAP does
            }
        }
        return null;
    }
}
