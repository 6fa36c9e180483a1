package dev.roadlab.engine.web;

import io.javalin.http.Context;

/**
 * The host's frame around Roadlab's pages: trusted HTML the host writes, put in the page unescaped (never put a
 * user's text in it without escaping). No inline script or style: Roadlab's Content-Security-Policy stays as strict
 * as it is ({@code 'self'} only), so the host's stylesheets and scripts load when they are on the same origin.
 */
public interface HostLayout {

    /** The HTML above Roadlab's content (the host's site header). */
    String header(Context ctx);

    /** The HTML below Roadlab's content (the host's site footer). */
    String footer(Context ctx);
}
