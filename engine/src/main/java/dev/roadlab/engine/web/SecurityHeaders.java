package dev.roadlab.engine.web;

import io.javalin.http.Context;

/**
 * The headers every Roadlab response carries: a strict Content-Security-Policy with no inline script or style and
 * nothing from other origins, plus the usual hardening headers.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** For course files such as SVG images opened on their own: no script, no subresources, sandboxed. */
    static final String FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    private SecurityHeaders() {
    }

    /**
     * Sets them, and a default {@code Cache-Control: no-store} that handlers serving shared files (assets, course
     * images, starters) replace: every page, error and API answer shows someone's own state or is cheap to remake.
     */
    static void apply(Context ctx, Transport transport) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        // Everything a page loads is Roadlab's own, so requiring CORP of cross-origin subresources costs nothing and
        // completes the site isolation ZAP's rule 90004 asks of documents.
        ctx.header("Cross-Origin-Embedder-Policy", "require-corp");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        if (transport.https(ctx)) {
            ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
