package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.AccessToken;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NewAccessToken;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.web.view.TokensView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /account/tokens}: the signed-in person's personal access tokens. A new token's secret is in the answer to
 * the create form only (not a redirect: it must never sit in a URL or a later page).
 */
final class TokenPages {

    private final Roadlab roadlab;
    private final Site site;

    TokenPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void list(Context ctx) {
        if (sendToSignIn(ctx)) {
            return;
        }
        render(ctx, null, List.of());
    }

    void create(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        if (sendToSignIn(ctx)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wire : ctx.formParams("scope")) {
            Scope.fromWireName(wire).ifPresentOrElse(scopes::add,
                    () -> problems.add("there is no scope '" + wire + "'"));
        }
        Optional<Integer> days = Optional.empty();
        String daysField = Optional.ofNullable(ctx.formParam("days")).orElse("").strip();
        if (!daysField.isEmpty()) {
            if (daysField.matches("\\d{1,4}")) {
                days = Optional.of(Integer.parseInt(daysField));
            } else {
                problems.add("the expiry is a number of days, or empty for none");
            }
        }
        if (!problems.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, null, problems);
            return;
        }
        try {
            NewAccessToken made = roadlab.accessTokens().create(site.caller(ctx), ctx.formParam("name"), scopes, days);
            ctx.status(HttpStatus.CREATED);
            render(ctx, made, List.of());
        } catch (AccountProblem refused) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, null, refused.problems());
        }
    }

    void revoke(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        if (sendToSignIn(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<AccessToken> revoked = id.matches("\\d{1,18}")
                ? roadlab.accessTokens().revoke(site.caller(ctx), Long.parseLong(id)) : Optional.empty();
        if (revoked.isEmpty()) {
            throw new NotFoundResponse("You have no live token with that number.");
        }
        ctx.redirect(site.urls().accountTokens(), HttpStatus.SEE_OTHER);
    }

    /** Nobody signed in (single-user mode lets them this far): tokens belong to accounts, so sign in first. */
    private boolean sendToSignIn(Context ctx) {
        if (site.caller(ctx).signedIn()) {
            return false;
        }
        ctx.redirect(site.urls().signIn(site.urls().accountTokens()), HttpStatus.SEE_OTHER);
        return true;
    }

    private void render(Context ctx, NewAccessToken made, List<String> problems) {
        Caller caller = site.caller(ctx);
        List<AccessToken> tokens = roadlab.accessTokens().list(caller);
        List<Scope> offered = Arrays.stream(Scope.values())
                .filter(s -> s != Scope.GRADEBOOK || caller.atLeast(Role.INSTRUCTOR)).toList();
        ctx.header("Cache-Control", "no-store");
        site.render(ctx, "tokens.jte", new TokensView(site.layout(ctx, "Access tokens", "Your personal access tokens"),
                tokens, made == null ? null : made.token(), made == null ? null : made.secret(), problems, offered,
                site.csrf().token(ctx), OffsetDateTime.now()));
    }
}
