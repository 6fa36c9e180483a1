package dev.roadlab.engine.web;

import io.javalin.http.Context;

/**
 * What the connection is, as the browser sees it: behind a TLS-terminating proxy whose forwarded headers are trusted
 * (a setting), the scheme and client address come from {@code X-Forwarded-Proto} and the last hop of
 * {@code X-Forwarded-For}; otherwise from the socket. Cookies are Secure (and {@code __Host-} prefixed) when the
 * setting says so or the browser reaches us over https.
 */
final class Transport {

    private final boolean secureCookies;
    private final boolean trustForwarded;

    Transport(boolean secureCookies, boolean trustForwarded) {
        this.secureCookies = secureCookies;
        this.trustForwarded = trustForwarded;
    }

    /** Whether the browser reached us over https. */
    boolean https(Context ctx) {
        if (trustForwarded) {
            String proto = ctx.header("X-Forwarded-Proto");
            if (proto != null) {
                return proto.strip().equalsIgnoreCase("https");
            }
        }
        return "https".equals(ctx.scheme());
    }

    /** The client's address: the socket's, or the address the trusted proxy appended last. */
    String clientAddress(Context ctx) {
        if (trustForwarded) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].strip();
                if (last.matches("[0-9A-Fa-f:.]{2,45}")) {
                    return last;
                }
            }
        }
        return ctx.ip();
    }

    boolean secure(Context ctx) {
        return secureCookies || https(ctx);
    }

    /** {@code __Host-name} on a secure connection, else {@code name}. */
    String cookieName(Context ctx, String base) {
        return secure(ctx) ? "__Host-" + base : base;
    }

    /** An HttpOnly, SameSite=Lax cookie for the whole site; {@code maxAgeSeconds} below 0 is a session cookie. */
    void setCookie(Context ctx, String name, String value, int maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/"
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
                + "; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    void clearCookie(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }
}
