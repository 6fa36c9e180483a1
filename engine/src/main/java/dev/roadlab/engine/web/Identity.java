package dev.roadlab.engine.web;

import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.BearerTokens;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Modes;
import dev.roadlab.engine.progress.LearnerService;
import dev.roadlab.engine.progress.NewLearner;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.util.List;
import java.util.Optional;

/**
 * Who a request is, from what it carries, in this order: a personal access token ({@code Authorization: Bearer}),
 * a session cookie (a signed-in browser), and, in single-user mode only, the anonymous learner cookie. Resolved
 * once per request.
 *
 * <p>Both cookies are {@code __Host-} (when Secure: no sub-domain can plant or read them), {@code HttpOnly} and
 * {@code SameSite=Lax}: a learner who follows a link to their course from mail or chat should see their own progress
 * on that first page; Lax still keeps the cookie off cross-site POSTs, and every state change is also refused
 * cross-site and needs the CSRF token.
 *
 * <p>Mounted with a {@link HostIdentity}, the host says who is signed in: after a bearer token, the hook is asked and
 * its user is the caller (an account kept in step with the host's, {@link AccountService#fromHost}); Roadlab's own
 * cookies are then neither read nor set.
 *
 * <p>An anonymous learner is registered only when they do something worth remembering (mark a module read, submit
 * through a form), so crawlers and one-time visitors leave no rows behind.
 */
final class Identity {

    private static final String ATTRIBUTE = "roadlab.caller";
    private static final int LEARNER_MAX_AGE_SECONDS = 400 * 24 * 3600;
    /** The cookie outlives a browser restart; the session row still ends after a week unused (and 30 days at most). */
    private static final int SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

    private final LearnerService learners;
    private final AccountService accounts;
    private final BearerTokens tokens;
    private final Modes modes;
    private final Transport transport;
    /** The host's identity hook; null: Roadlab's own sessions and learner cookie. */
    private final HostIdentity host;

    Identity(LearnerService learners, AccountService accounts, BearerTokens tokens, Modes modes, Transport transport,
             HostIdentity host) {
        this.host = host;
        this.learners = learners;
        this.accounts = accounts;
        this.tokens = tokens;
        this.modes = modes;
        this.transport = transport;
    }

    /**
     * The caller. A bearer token that is not (or no longer) valid is refused with 401 rather than treated as
     * nobody, so a script with a revoked token learns it at once.
     */
    Caller caller(Context ctx) {
        Caller known = ctx.attribute(ATTRIBUTE);
        if (known == null) {
            known = resolve(ctx);
            ctx.attribute(ATTRIBUTE, known);
        }
        return known;
    }

    private Caller resolve(Context ctx) {
        String address = transport.clientAddress(ctx);
        Optional<String> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return tokens.authenticate(bearer.get(), address).orElseThrow(() -> {
                ctx.header("WWW-Authenticate", "Bearer");
                return new UnauthorizedResponse("The access token is not valid (unknown, expired or revoked).");
            });
        }
        if (host != null) {
            return host.of(ctx).map(accounts::fromHost).map(account -> Caller.signedIn(account, address))
                    .orElseGet(() -> Caller.nobody(address));
        }
        Optional<Caller> session = Optional.ofNullable(ctx.cookie(sessionCookie(ctx)))
                .flatMap(accounts::session)
                .map(account -> Caller.signedIn(account, address));
        if (session.isPresent()) {
            return session.get();
        }
        if (!modes.hosted()) {
            Optional<Caller> learner = learners.identify(ctx.cookie(learnerCookie(ctx)))
                    .map(id -> Caller.anonymousLearner(id, address));
            if (learner.isPresent()) {
                return learner.get();
            }
        }
        return Caller.nobody(address);
    }

    /** The bearer token of the Authorization header, if it has one. */
    static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip());
    }

    /**
     * The caller, registered as an anonymous learner (and the cookie set) if it was nobody yet: single-user mode's
     * first mark-as-read or form submission.
     */
    Caller callerOrRegister(Context ctx) {
        Caller caller = caller(ctx);
        if (host != null || caller.learner().isPresent() || caller.via() != Caller.Via.NONE) {
            return caller;
        }
        NewLearner learner = learners.register();
        transport.setCookie(ctx, learnerCookie(ctx), learner.token(), LEARNER_MAX_AGE_SECONDS);
        Caller registered = Caller.anonymousLearner(learner.id(), caller.address());
        ctx.attribute(ATTRIBUTE, registered);
        return registered;
    }

    /**
     * Whether the request carries a credential a browser sends by itself (a Roadlab cookie; with a host's identity
     * hook, always: the host's credential is most likely a cookie too, and Roadlab cannot tell).
     */
    boolean carriesCookies(Context ctx) {
        return host != null || ctx.cookie(sessionCookie(ctx)) != null || ctx.cookie(learnerCookie(ctx)) != null;
    }

    /** Signs the browser in: the old session (if any) ends and the new token is set, so a session never survives sign-in. */
    void startSession(Context ctx, String token) {
        Optional.ofNullable(ctx.cookie(sessionCookie(ctx))).ifPresent(accounts::signOut);
        transport.setCookie(ctx, sessionCookie(ctx), token, SESSION_MAX_AGE_SECONDS);
        ctx.attribute(ATTRIBUTE, null);
    }

    /** Ends the browser's session and clears its cookie. */
    void endSession(Context ctx) {
        Optional.ofNullable(ctx.cookie(sessionCookie(ctx))).ifPresent(accounts::signOut);
        transport.clearCookie(ctx, sessionCookie(ctx));
        ctx.attribute(ATTRIBUTE, null);
    }

    /** The anonymous learner this browser was before signing up, for claiming its progress. */
    Optional<dev.roadlab.engine.accounts.LearnerId> anonymousLearner(Context ctx) {
        return learners.identify(ctx.cookie(learnerCookie(ctx)));
    }

    /** Forgets the anonymous learner cookie (its progress now belongs to an account). */
    void dropLearnerCookie(Context ctx) {
        transport.clearCookie(ctx, learnerCookie(ctx));
    }

    private String sessionCookie(Context ctx) {
        return transport.cookieName(ctx, "roadlab-session");
    }

    private String learnerCookie(Context ctx) {
        return transport.cookieName(ctx, "roadlab-learner");
    }

    /** Names of the cookies this class sets, for tests and docs. */
    static List<String> cookieBaseNames() {
        return List.of("roadlab-session", "roadlab-learner");
    }
}
