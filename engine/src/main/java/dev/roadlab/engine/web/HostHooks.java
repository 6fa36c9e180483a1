package dev.roadlab.engine.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a host app plugged into this mount (any may be null): its identity hook, where it signs strangers in, and its
 * frame around Roadlab's pages.
 */
record HostHooks(HostIdentity identity, String signInUrl, HostLayout layout) {

    static final HostHooks NONE = new HostHooks(null, null, null);

    HostHooks {
        if (signInUrl != null && (signInUrl.isBlank() || signInUrl.length() > 2000
                || signInUrl.chars().anyMatch(c -> c <= ' '))) {
            throw new IllegalArgumentException("RoadlabPlugin signInUrl must be a URL without spaces, such as"
                    + " \"/login\"; got \"" + signInUrl + "\"");
        }
        if (signInUrl != null && identity == null) {
            throw new IllegalArgumentException("RoadlabPlugin signInUrl needs an identity hook: without one Roadlab"
                    + " signs people in on its own pages");
        }
    }

    /** Whether the host says who is signed in (then Roadlab's own account pages are off). */
    boolean hostsIdentity() {
        return identity != null;
    }

    /** The host's sign-in URL with {@code next} (the path and query the stranger asked for), for a 303. */
    String signIn(String next) {
        return signInUrl + (signInUrl.contains("?") ? "&" : "?") + "next="
                + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
}
