package dev.roadlab.engine.web;

import dev.roadlab.engine.progress.LearnerId;
import dev.roadlab.engine.progress.LearnerService;
import dev.roadlab.engine.progress.NewLearner;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The anonymous learner's identity in a cookie: {@code __Host-} (when Secure: no sub-domain can plant or read it),
 * {@code HttpOnly} (no script can read it), {@code SameSite=Lax} and kept for 400 days, the most browsers allow.
 *
 * <p>Lax rather than Strict: a learner who follows a link to their course from mail or chat should see their own
 * progress on that first page; Strict would show a stranger's empty path until they click again. Lax still keeps
 * the cookie off cross-site POSTs, and every state change is also refused cross-site and needs the CSRF token.
 *
 * <p>A learner is registered only when they do something worth remembering (mark a module read, submit through a
 * form), so crawlers and one-time visitors leave no rows behind.
 */
final class LearnerCookie {

    private static final String ATTRIBUTE = "roadlab.learner";
    private static final int MAX_AGE_SECONDS = 400 * 24 * 3600;

    private final LearnerService learners;
    private final boolean secureCookies;
    private final String name;

    LearnerCookie(LearnerService learners, boolean secureCookies) {
        this.learners = learners;
        this.secureCookies = secureCookies;
        this.name = secureCookies ? "__Host-roadlab-learner" : "roadlab-learner";
    }

    /** The learner this browser is, if it has been one here before. */
    Optional<LearnerId> current(Context ctx) {
        Optional<LearnerId> known = ctx.attribute(ATTRIBUTE);
        if (known == null) {
            known = learners.identify(ctx.cookie(name));
            ctx.attribute(ATTRIBUTE, known);
        }
        return known;
    }

    /** The learner this browser is, registered (and the cookie set) if it was nobody yet. */
    LearnerId currentOrRegister(Context ctx) {
        Optional<LearnerId> current = current(ctx);
        if (current.isPresent()) {
            return current.get();
        }
        NewLearner learner = learners.register();
        ctx.res().addHeader("Set-Cookie", name + "=" + learner.token() + "; Path=/; Max-Age=" + MAX_AGE_SECONDS
                + "; HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : ""));
        ctx.attribute(ATTRIBUTE, Optional.of(learner.id()));
        return learner.id();
    }
}
