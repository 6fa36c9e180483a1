package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.SignInResult;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.web.view.AccountView;
import dev.roadlab.engine.web.view.AdminUsersView;
import dev.roadlab.engine.web.view.AuthView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in, sign-up, sign-out, the password form, the admin's accounts page and reset links. Answers never tell
 * whether a login exists: a wrong password and an unknown login get the same page, and sign-up answers the same
 * whether the login was free or taken.
 */
final class AccountPages {

    static final String SIGNED_UP = "If that login was free, your account is ready: sign in with it. If signing in"
            + " fails, the login was already taken: sign up again with another.";
    static final String REFUSED = "That login and password do not match an account.";

    private final Roadlab roadlab;
    private final Site site;

    AccountPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void signInForm(Context ctx) {
        if (site.caller(ctx).via() == Caller.Via.SESSION) {
            ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        String notice = ctx.queryParam("signed-up") != null ? SIGNED_UP
                : ctx.queryParam("reset") != null ? "Your password is set: sign in with it."
                : ctx.queryParam("signed-out") != null ? "You are signed out." : "";
        renderSignIn(ctx, Optional.ofNullable(ctx.queryParam("next")).orElse(""), "", notice, List.of());
    }

    void signIn(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        String login = Optional.ofNullable(ctx.formParam("login")).orElse("");
        String next = Optional.ofNullable(ctx.formParam("next")).orElse("");
        SignInResult result = roadlab.accounts().signIn(login, Optional.ofNullable(ctx.formParam("password"))
                .orElse(""), site.caller(ctx).address());
        switch (result) {
            case SignInResult.SignedIn in -> {
                site.identity().startSession(ctx, in.sessionToken());
                ctx.redirect(next(next), HttpStatus.SEE_OTHER);
            }
            case SignInResult.Refused refused -> {
                ctx.status(HttpStatus.UNAUTHORIZED);
                renderSignIn(ctx, next, login, "", List.of(REFUSED));
            }
            case SignInResult.Throttled t -> {
                ctx.status(HttpStatus.TOO_MANY_REQUESTS);
                ctx.header("Retry-After", String.valueOf(Math.max(1, t.retryAfter().toSeconds() + 1)));
                renderSignIn(ctx, next, login, "", List.of((t.perAccount()
                        ? "Too many sign-in attempts for this login."
                        : "Too many sign-in attempts from your network.") + " Try again in "
                        + Wait.words(t.retryAfter()) + "."));
            }
        }
    }

    private void renderSignIn(Context ctx, String next, String login, String notice, List<String> problems) {
        site.render(ctx, "sign-in.jte", new AuthView(site.layout(ctx, "Sign in", "Sign in to Roadlab"),
                site.csrf().token(ctx), safeNext(next).orElse(""), login.length() > 64 ? "" : login, notice, problems,
                roadlab.config().hosting().signUp() == RoadlabConfig.SignUp.OPEN, "", false,
                site.urls().signIn()));
    }

    void signUpForm(Context ctx) {
        renderSignUp(ctx, Optional.ofNullable(ctx.queryParam("invite")).orElse(""), "", List.of());
    }

    void signUp(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        String invite = Optional.ofNullable(ctx.formParam("invite")).orElse("");
        String login = Optional.ofNullable(ctx.formParam("login")).orElse("");
        if (!signUpAllowed(invite)) {
            ctx.status(HttpStatus.FORBIDDEN);
            renderSignUp(ctx, invite, login, List.of());
            return;
        }
        Optional<LearnerId> claim = "true".equals(ctx.formParam("claim"))
                ? site.identity().anonymousLearner(ctx) : Optional.empty();
        try {
            Optional<Account> created = roadlab.accounts().signUp(login, ctx.formParam("name"),
                    ctx.formParam("password"), claim);
            if (created.isPresent() && !invite.isEmpty()) {
                roadlab.services().invites().redeem(invite, created.get());
            }
        } catch (AccountProblem e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderSignUp(ctx, invite, login, e.problems());
            return;
        }
        ctx.redirect(site.urls().signIn() + "?signed-up=1"
                + (invite.isEmpty() ? "" : "&next=" + java.net.URLEncoder.encode(site.urls().home(),
                java.nio.charset.StandardCharsets.UTF_8)), HttpStatus.SEE_OTHER);
    }

    private boolean signUpAllowed(String invite) {
        return switch (roadlab.config().hosting().signUp()) {
            case OPEN -> invite.isEmpty() || roadlab.services().invites().usable(invite);
            case INVITE -> !invite.isEmpty() && roadlab.services().invites().usable(invite);
            case CLOSED -> false;
        };
    }

    private void renderSignUp(Context ctx, String invite, String login, List<String> problems) {
        boolean allowed = signUpAllowed(invite);
        String notice = switch (roadlab.config().hosting().signUp()) {
            case CLOSED -> "Accounts here are created by an admin. Ask one for an account.";
            case INVITE, OPEN -> invite.isEmpty()
                    ? "Accounts here are made from a cohort's invite link. Ask your instructor for one."
                    : "This invite link is not valid any more (it expired or was revoked). Ask your instructor for a new one.";
        };
        site.render(ctx, "sign-up.jte", new AuthView(site.layout(ctx, "Sign up", "Create a Roadlab account"),
                site.csrf().token(ctx), "", login.length() > 64 ? "" : login, allowed ? "" : notice, problems, allowed,
                invite.length() > 64 ? "" : invite, site.identity().anonymousLearner(ctx).isPresent(),
                site.urls().signUp()));
    }

    void signOut(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        site.identity().endSession(ctx);
        ctx.redirect(site.urls().signIn() + "?signed-out=1", HttpStatus.SEE_OTHER);
    }

    void account(Context ctx) {
        Caller caller = signedIn(ctx);
        renderAccount(ctx, caller.account().orElseThrow(),
                ctx.queryParam("changed") != null ? "Your password is changed; other browsers are signed out." : "",
                List.of());
    }

    void changePassword(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        Caller caller = signedIn(ctx);
        try {
            String session = roadlab.accounts().changePassword(caller, ctx.formParam("current"),
                    ctx.formParam("password"));
            site.identity().startSession(ctx, session);
            ctx.redirect(site.urls().account() + "?changed=1", HttpStatus.SEE_OTHER);
        } catch (AccountProblem e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderAccount(ctx, caller.account().orElseThrow(), "", e.problems());
        }
    }

    private void renderAccount(Context ctx, Account account, String notice, List<String> problems) {
        site.render(ctx, "account.jte", new AccountView(site.layout(ctx, "Your account", "Your Roadlab account"),
                account, site.csrf().token(ctx), notice, problems));
    }

    void adminUsers(Context ctx) {
        renderAdmin(ctx, "", "", List.of());
    }

    void adminCreate(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        Caller admin = admin(ctx);
        try {
            roadlab.accounts().createBy(admin, ctx.formParam("login"), ctx.formParam("name"),
                    ctx.formParam("password"), role(ctx.formParam("role")));
            roadlab.modes().recheck();
            ctx.redirect(site.urls().adminUsers(), HttpStatus.SEE_OTHER);
        } catch (AccountProblem e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderAdmin(ctx, "", "", e.problems());
        }
    }

    void adminRole(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        try {
            roadlab.accounts().setRole(admin(ctx), accountId(ctx), role(ctx.formParam("role")));
            ctx.redirect(site.urls().adminUsers(), HttpStatus.SEE_OTHER);
        } catch (AccountProblem e) {
            ctx.status(e.getMessage().contains("no such account") ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST);
            renderAdmin(ctx, "", "", e.problems());
        }
    }

    void adminReset(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        Caller admin = admin(ctx);
        AccountId id = accountId(ctx);
        Account target = roadlab.accounts().find(id).orElseThrow(() -> new NotFoundResponse("There is no such account."));
        String token = roadlab.accounts().resetToken(admin, id);
        String scheme = site.transport().https(ctx) ? "https" : "http";
        renderAdmin(ctx, target.login(), scheme + "://" + ctx.host() + site.urls().passwordReset(token), List.of());
    }

    /** Gradings given up shown to admins, newest first. */
    private static final int GAVE_UP_SHOWN = 50;

    private void renderAdmin(Context ctx, String resetFor, String resetLink, List<String> problems) {
        Caller admin = admin(ctx);
        site.render(ctx, "admin-users.jte", new AdminUsersView(site.layout(ctx, "Accounts", "Accounts of this Roadlab"),
                roadlab.accounts().list(admin), site.csrf().token(ctx), resetFor, resetLink, problems,
                roadlab.queue().gaveUp(admin, GAVE_UP_SHOWN)));
    }

    void resetForm(Context ctx) {
        String token = ctx.pathParam("token");
        if (!roadlab.accounts().resetUsable(token)) {
            throw new NotFoundResponse("This reset link is not valid: it was used, it expired, or a newer one was"
                    + " made. Ask an admin for a new one.");
        }
        renderReset(ctx, token, List.of());
    }

    void reset(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        String token = ctx.pathParam("token");
        try {
            roadlab.accounts().resetPassword(token, ctx.formParam("password"))
                    .orElseThrow(() -> new NotFoundResponse("This reset link is not valid: it was used, it expired,"
                            + " or a newer one was made. Ask an admin for a new one."));
            site.identity().endSession(ctx);
            ctx.redirect(site.urls().signIn() + "?reset=1", HttpStatus.SEE_OTHER);
        } catch (AccountProblem e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderReset(ctx, token, e.problems());
        }
    }

    private void renderReset(Context ctx, String token, List<String> problems) {
        site.render(ctx, "reset.jte", new AuthView(site.layout(ctx, "New password", "Choose a new password"),
                site.csrf().token(ctx), "", "", "", problems, false, "", false, site.urls().passwordReset(token)));
    }

    private Caller signedIn(Context ctx) {
        Caller caller = site.caller(ctx);
        if (caller.via() != Caller.Via.SESSION) {
            throw new Site.SignInRequired();
        }
        return caller;
    }

    private Caller admin(Context ctx) {
        Caller caller = signedIn(ctx);
        if (!caller.atLeast(Role.ADMIN)) {
            throw new NotAllowedException("Only an admin may manage accounts.");
        }
        return caller;
    }

    private static AccountId accountId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("\\d{1,18}")) {
            throw new NotFoundResponse("There is no such account.");
        }
        return new AccountId(Long.parseLong(id));
    }

    private static Role role(String name) {
        try {
            return Role.fromWireName(name == null ? "" : name);
        } catch (IllegalArgumentException e) {
            throw new AccountProblem("a role is learner, instructor or admin");
        }
    }

    /** {@code next} if it is a path under Roadlab (never another site: no scheme, no //, no backslash). */
    private Optional<String> safeNext(String next) {
        if (next == null || next.length() > 500 || !next.startsWith(site.urls().base() + "/") || next.startsWith("//")
                || next.contains("\\") || next.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    private String next(String next) {
        return safeNext(next).filter(n -> !n.startsWith(site.urls().signIn()) && !n.startsWith(site.urls().signUp()))
                .orElse(site.urls().home());
    }

    /** A wait in words: "40 seconds", "2 minutes". */
    static final class Wait {
        private Wait() {
        }

        static String words(Duration wait) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            if (seconds < 60) {
                return seconds + (seconds == 1 ? " second" : " seconds");
            }
            long minutes = (seconds + 59) / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
    }
}
