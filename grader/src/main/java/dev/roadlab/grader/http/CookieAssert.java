package dev.roadlab.grader.http;

import dev.roadlab.grader.http.SetCookie.SameSite;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Assertions on cookies a response sets: one ({@link HttpAssert#cookie}) or all ({@link HttpAssert#everyCookie}).
 * Messages show the cookie's name and attributes, never its value.
 *
 * <pre>{@code
 * HttpAssert.that(login).cookie("session").isSecure().isHttpOnly().hasSameSite();
 * }</pre>
 */
public final class CookieAssert {

    private final HttpAssert http;
    private final List<SetCookie> cookies;

    CookieAssert(HttpAssert http, List<SetCookie> cookies) {
        this.http = http;
        this.cookies = cookies;
    }

    public HttpAssert and() {
        return http;
    }

    /** {@code Secure}: browsers send it over https only. */
    public CookieAssert isSecure() {
        for (SetCookie c : cookies) {
            if (!c.secure()) {
                fail(c, "without Secure, so browsers also send it over plain http");
            }
        }
        return this;
    }

    /** {@code HttpOnly}: scripts cannot read it. */
    public CookieAssert isHttpOnly() {
        for (SetCookie c : cookies) {
            if (!c.httpOnly()) {
                fail(c, "without HttpOnly, so any script on the page (an injected one too) can read it");
            }
        }
        return this;
    }

    /** A valid {@code SameSite} attribute (Strict, Lax or None with Secure), not left to the browser's default. */
    public CookieAssert hasSameSite() {
        for (SetCookie c : cookies) {
            if (c.declaredSameSite().isEmpty()) {
                fail(c, "without SameSite, leaving it to each browser's default");
            }
            if (c.sameSite() == SameSite.DEFAULT) {
                fail(c, "with SameSite=" + c.declaredSameSite().get() + ", which browsers do not know (Strict, Lax, None)");
            }
            if (c.sameSite() == SameSite.NONE && !c.secure()) {
                fail(c, "with SameSite=None but without Secure, which browsers refuse");
            }
        }
        return this;
    }

    /** {@code SameSite} is one of {@code allowed}, e.g. {@code STRICT, LAX}. */
    public CookieAssert hasSameSite(SameSite... allowed) {
        hasSameSite();
        List<SameSite> ok = Arrays.asList(allowed);
        for (SetCookie c : cookies) {
            if (!ok.contains(c.sameSite())) {
                fail(c, "with SameSite=" + c.sameSite().attribute() + " (expected "
                        + String.join(" or ", ok.stream().map(SameSite::attribute).toList()) + ")");
            }
        }
        return this;
    }

    /** A browser would store it: prefix rules ({@code __Host-}, {@code __Secure-}), Secure origin, Domain. */
    public CookieAssert isAcceptedByBrowsers() {
        for (SetCookie c : cookies) {
            Optional<String> rejection = c.rejection(http.exchange());
            if (rejection.isPresent()) {
                http.fail("sets the cookie " + c.describe() + ", which browsers drop: " + rejection.get() + ".");
            }
        }
        return this;
    }

    private void fail(SetCookie c, String what) {
        http.fail("sets the cookie " + c.name() + " " + what + ": Set-Cookie: " + c.describe() + ".");
    }
}
