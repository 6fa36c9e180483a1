package dev.roadlab.grader.http;

/**
 * Assertions on Strict-Transport-Security, which tells browsers to reach the site over https only, for
 * {@code max-age} seconds.
 *
 * <pre>{@code
 * HttpAssert.that(page).hsts().hasMaxAgeOfAtLeast(31_536_000).includesSubDomains();
 * }</pre>
 */
public final class HstsAssert {

    private final HttpAssert http;
    private final StrictTransportSecurity hsts;

    HstsAssert(HttpAssert http, StrictTransportSecurity hsts) {
        this.http = http;
        this.hsts = hsts;
    }

    public HttpAssert and() {
        return http;
    }

    /** Sent, once, and well-formed (browsers ignore an ill-formed one entirely). */
    public HstsAssert isValid() {
        if (!hsts.isSent()) {
            http.fail("sends no Strict-Transport-Security.");
        }
        if (!hsts.problems().isEmpty()) {
            http.fail("sends Strict-Transport-Security: " + hsts.value().get() + ", which browsers ignore: "
                    + String.join("; ", hsts.problems()) + ".");
        }
        if (hsts.fields() > 1) {
            http.fail("sends Strict-Transport-Security " + hsts.fields() + " times; browsers read only the first.");
        }
        return this;
    }

    /** {@code max-age} is at least {@code seconds} (a year is 31536000). */
    public HstsAssert hasMaxAgeOfAtLeast(long seconds) {
        isValid();
        long maxAge = hsts.maxAge().getAsLong();
        if (maxAge < seconds) {
            http.fail("sends Strict-Transport-Security with max-age=" + maxAge + " (" + days(maxAge)
                    + "); at least " + seconds + " (" + days(seconds) + ") is expected.");
        }
        return this;
    }

    /** {@code includeSubDomains}, so no sub-domain can be reached over plain http either. */
    public HstsAssert includesSubDomains() {
        isValid();
        if (!hsts.includeSubDomains()) {
            http.fail("sends Strict-Transport-Security: " + hsts.value().get() + ", without includeSubDomains.");
        }
        return this;
    }

    private static String days(long seconds) {
        long days = seconds / 86_400;
        return days >= 1 ? days + (days == 1 ? " day" : " days") : seconds + " seconds";
    }
}
