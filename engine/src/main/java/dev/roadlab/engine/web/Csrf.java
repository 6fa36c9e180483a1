package dev.roadlab.engine.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Cross-site request forgery protection in two layers.
 * <ol>
 *   <li>Every state-changing request is refused when the browser says it comes from another site (Fetch Metadata's
 *       {@code Sec-Fetch-Site}), names another origin ({@code Origin}), or says {@code Origin: null} (a sandboxed
 *       frame, a redirect chain: nothing we serve). A request that carries a Roadlab cookie but neither header is
 *       refused too: every browser we support sends one of them. Only clients with no ambient credential (a bearer
 *       token, or nothing at all, such as curl) may send neither: there is nothing to forge.</li>
 *   <li>HTML forms also carry a token that must equal the one in a {@code SameSite=Strict}, {@code HttpOnly}
 *       cookie (prefixed {@code __Host-} when Secure, so no sub-domain can plant it).</li>
 * </ol>
 */
final class Csrf {

    static final String FIELD = "_csrf";
    private static final String ISSUED = "roadlab.csrf.issued";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transport transport;

    Csrf(Transport transport) {
        this.transport = transport;
    }

    /**
     * Layer 1, for every request under Roadlab's paths.
     *
     * @param ambient whether the request carries a credential the browser adds by itself (a Roadlab cookie)
     */
    void checkOrigin(Context ctx, boolean ambient) {
        if (SAFE_METHODS.contains(ctx.method().name())) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ForbiddenResponse("Refused a cross-site request (Sec-Fetch-Site: " + site + ").");
        }
        String origin = ctx.header("Origin");
        if ("null".equals(origin)) {
            throw new ForbiddenResponse("Refused a request from an opaque origin (Origin: null).");
        }
        if (origin != null && !sameHost(origin, ctx.header("Host"))) {
            throw new ForbiddenResponse("Refused a request from another origin (" + origin + ").");
        }
        if (origin == null && site == null && ambient) {
            throw new ForbiddenResponse("Refused a request that says neither where it comes from (Origin) nor how"
                    + " (Sec-Fetch-Site) while carrying this site's cookies. Use a current browser, or an access token"
                    + " from a script.");
        }
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && originHost != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The token a form must carry, set in the cookie when the browser has none yet. */
    String token(Context ctx) {
        String cookieName = transport.cookieName(ctx, "roadlab-csrf");
        String existing = ctx.cookie(cookieName);
        if (existing != null && existing.matches("[A-Za-z0-9_-]{43}")) {
            return existing;
        }
        String issued = ctx.attribute(ISSUED);
        if (issued != null) {
            return issued; // one page asks for it in several forms (the header's sign-out, its own): one cookie
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.attribute(ISSUED, token);
        ctx.res().addHeader("Set-Cookie", cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                + (transport.secure(ctx) ? "; Secure" : ""));
        return token;
    }

    /** Layer 2, for form posts: the field must match the cookie. */
    void checkForm(Context ctx, String submittedToken) {
        String cookie = ctx.cookie(transport.cookieName(ctx, "roadlab-csrf"));
        if (cookie == null) {
            throw new ForbiddenResponse("The form's security cookie is missing: reload the page and submit again."
                    + (transport.secure(ctx) ? " (If you reach Roadlab over plain http on a host other than localhost, serve it"
                    + " over https or set ROADLAB_SECURE_COOKIES=false.)" : ""));
        }
        if (submittedToken == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                submittedToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("The form's security token does not match: reload the page and submit again.");
        }
    }
}
