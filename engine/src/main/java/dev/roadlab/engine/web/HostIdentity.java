package dev.roadlab.engine.web;

import dev.roadlab.engine.accounts.HostUser;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The host app's answer to "who is this?" when it mounts Roadlab: the host signs people in (its own cookie, its own
 * single sign-on) and Roadlab believes it. With this hook Roadlab's own sign-in, sign-up and password pages are off
 * and its session and learner cookies are not read; bearer tokens on the API still work.
 */
@FunctionalInterface
public interface HostIdentity {

    /** Who the host says is signed in on this request; empty: nobody. */
    Optional<HostUser> of(Context ctx);
}
