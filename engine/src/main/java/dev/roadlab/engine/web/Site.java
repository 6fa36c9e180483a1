package dev.roadlab.engine.web;

import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Modes;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.grading.QueueFullException;
import dev.roadlab.engine.submissions.BudgetExhaustedException;
import dev.roadlab.engine.web.view.ErrorView;
import dev.roadlab.engine.web.view.Layout;
import dev.roadlab.grader.lab.UnknownLabException;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame every handler shares: templates, URLs, assets, CSRF, and the one place exceptions become responses
 * (an HTML page for pages, JSON for the API; never a stack trace).
 */
final class Site {

    private static final Logger LOG = LoggerFactory.getLogger(Site.class);
    /** Set when a Roadlab handler has written its own error response, so the 404 fallback leaves it alone. */
    static final String RESPONDED = "roadlab.responded";

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Site.class.getClassLoader(), "dev.roadlab.engine.web.templates");
    private final Urls urls;
    private final Assets assets;
    private final Csrf csrf;
    private final Identity identity;
    private final Modes modes;
    private final Transport transport;
    private final String courseTitle;
    private final HostHooks host;

    Site(Urls urls, Assets assets, Csrf csrf, Identity identity, Modes modes, Transport transport,
         String courseTitle, HostHooks host) {
        this.host = host;
        this.urls = urls;
        this.assets = assets;
        this.csrf = csrf;
        this.identity = identity;
        this.modes = modes;
        this.transport = transport;
        this.courseTitle = courseTitle;
    }

    Urls urls() {
        return urls;
    }

    Csrf csrf() {
        return csrf;
    }

    Identity identity() {
        return identity;
    }

    /** Who is asking. */
    Caller caller(Context ctx) {
        return identity.caller(ctx);
    }

    Modes modes() {
        return modes;
    }

    /** What the host app plugged in (identity, sign-in URL, layout), each possibly absent. */
    HostHooks host() {
        return host;
    }

    Transport transport() {
        return transport;
    }

    Layout layout(Context ctx, String title, String description) {
        return layout(ctx, title, description, Assets.SCRIPTS);
    }

    /** The frame of a page with the code editor: its script loads before app.js, which attaches it. */
    Layout layoutWithEditor(Context ctx, String title, String description) {
        List<String> scripts = new java.util.ArrayList<>(Assets.SCRIPTS);
        scripts.add(scripts.indexOf("app.js"), Assets.EDITOR);
        return layout(ctx, title, description, scripts);
    }

    private Layout layout(Context ctx, String title, String description, List<String> scripts) {
        Caller caller = safeCaller(ctx);
        boolean hostAccounts = host.hostsIdentity();
        Layout.Nav nav = new Layout.Nav(caller.account().map(Account::displayName).orElse(null),
                caller.atLeast(Role.INSTRUCTOR), caller.atLeast(Role.ADMIN) && !hostAccounts,
                caller.signedIn() && !hostAccounts ? csrf.token(ctx) : "",
                !hostAccounts && (hostedForNav() || caller.signedIn()), hostAccounts);
        Layout.HostFrame frame = host.layout() == null ? null
                : new Layout.HostFrame(host.layout().header(ctx), host.layout().footer(ctx));
        return new Layout(title, description, courseTitle, urls, assets.url(urls, "app.css"),
                scripts.stream().map(name -> assets.url(urls, name)).toList(), assets.url(urls, "favicon.svg"), nav,
                0, frame);
    }

    /** Whether the header offers sign-in; when the database is not answering, the page that says so offers none. */
    private boolean hostedForNav() {
        try {
            return modes.hosted();
        } catch (RuntimeException e) {
            if (Database.unavailable(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The caller, or nobody when the credential was refused (an error page still needs a frame). */
    private Caller safeCaller(Context ctx) {
        try {
            return identity.caller(ctx);
        } catch (HttpResponseException | AccountProblem refused) { // a refused token; a host user we cannot keep
            return Caller.nobody(ctx.ip());
        } catch (RuntimeException e) {
            if (Database.unavailable(e)) { // the page that says so needs no caller
                return Caller.nobody(ctx.ip());
            }
            throw e;
        }
    }

    /**
     * Renders a page. Pages show the learner's own state, so unless the handler said otherwise they are not stored
     * by browsers or proxies ({@code no-store}), search and error pages included.
     */
    void render(Context ctx, String template, Object model) {
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-store");
        }
        // Straight to UTF-8 bytes: a module's prose, most of its page, is copied as encoded at start (PreEncoded),
        // not built into a String and encoded again on every request.
        PageBuffer out = new PageBuffer(template);
        templates.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.page());
    }

    /**
     * Wraps a page handler: in hosted mode only for the signed-in (others are sent to sign in); its failures become
     * an error page with the right status.
     */
    Handler page(Handler handler) {
        return guarded(handler, true, this::errorPage);
    }

    /** A page anyone may open in every mode: sign-in, sign-up, reset links, assets, the invite link. */
    Handler openPage(Handler handler) {
        return guarded(handler, false, this::errorPage);
    }

    /**
     * Wraps an API handler: in hosted mode only for an account (a session or a token); its failures become
     * {"error": ..., "problems": [...]} with the right status.
     */
    Handler api(Handler handler) {
        return guarded(handler, true, (ctx, f) -> Json.error(ctx, f.status(), f.message(), f.problems()));
    }

    /** An API operation anyone may call in every mode (the API's own description). */
    Handler openApi(Handler handler) {
        return guarded(handler, false, (ctx, f) -> Json.error(ctx, f.status(), f.message(), f.problems()));
    }

    /**
     * Refuses cross-site state changes, then (for {@code members}) callers hosted mode does not let in, then runs the
     * handler; whatever it throws is answered by {@code respond}.
     */
    private Handler guarded(Handler handler, boolean members, BiConsumer<Context, Failure> respond) {
        return ctx -> {
            try {
                csrf.checkOrigin(ctx, identity.carriesCookies(ctx) && Identity.bearer(ctx).isEmpty());
                if (Identity.bearer(ctx).isPresent() && isPage(ctx)) {
                    // Pages are for browsers (forms with CSRF tokens, scopes that do not map to pages); a token
                    // opens the API only, so its scopes are the whole of what it can do.
                    ctx.header("WWW-Authenticate", "Bearer");
                    throw new io.javalin.http.UnauthorizedResponse("Access tokens are for the API under "
                            + urls.base() + "/api/; pages need a signed-in browser.");
                }
                Caller caller = identity.caller(ctx);
                if (members && (modes.hosted() || host.hostsIdentity()) && !caller.signedIn()) {
                    throw new SignInRequired();
                }
                handler.handle(ctx);
            } catch (Exception e) {
                ctx.attribute(RESPONDED, true);
                if (e instanceof SignInRequired && isPage(ctx)
                        && (ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD"))) {
                    String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                    if (!host.hostsIdentity() || host.signInUrl() != null) {
                        ctx.header("Cache-Control", "no-store");
                        ctx.redirect(host.hostsIdentity() ? host.signIn(next) : urls.signIn(next),
                                io.javalin.http.HttpStatus.SEE_OTHER);
                        return;
                    }
                }
                if (e instanceof SignInRequired && !isPage(ctx)) {
                    ctx.header("WWW-Authenticate", "Bearer");
                }
                if (e instanceof BudgetExhaustedException b) {
                    ctx.header("Retry-After", Long.toString(b.retryAfterSeconds()));
                }
                if (Database.unavailable(e)) {
                    ctx.header("Retry-After", Long.toString(DATABASE_RETRY_SECONDS));
                }
                if (e instanceof QueueFullException q) {
                    ctx.header("Retry-After", Long.toString(q.retryAfterSeconds()));
                }
                respond.accept(ctx, failure(e));
            }
        };
    }

    /** How long a client is asked to wait when the database is not answering. */
    private static final int DATABASE_RETRY_SECONDS = 5;

    private boolean isPage(Context ctx) {
        return !ctx.path().startsWith(urls.base() + "/api/");
    }

    /** Hosted mode and nobody signed in. */
    static final class SignInRequired extends RuntimeException {
        SignInRequired() {
            super("Sign in first: this Roadlab is for its members.", null, false, false);
        }
    }

    private void errorPage(Context ctx, Failure f) {
        ctx.status(f.status());
        render(ctx, "error.jte", new ErrorView(layout(ctx, f.heading(), f.message()), f.status(), f.heading(),
                f.message()));
    }

    /** A path under Roadlab that matches no route: JSON under /api, a page elsewhere. */
    void notFound(Context ctx) {
        Failure f = new Failure(404, "Not found", "There is nothing at " + ctx.path() + ".", List.of());
        if (ctx.path().startsWith(urls.base() + "/api/")) {
            Json.error(ctx, f.status(), f.message(), f.problems());
        } else {
            errorPage(ctx, f);
        }
    }

    record Failure(int status, String heading, String message, List<String> problems) {
    }

    static Failure failure(Exception e) {
        if (e instanceof UnknownLabException u) {
            return new Failure(404, "No such lab", "There is no lab '" + u.labId() + "'.", List.of());
        }
        if (e instanceof InvalidSubmissionException i) {
            return new Failure(400, "Files not accepted", "The submission was not accepted: "
                    + String.join("; ", i.problems()), i.problems());
        }
        if (e instanceof SignInRequired s) {
            return new Failure(401, "Sign in first", s.getMessage(), List.of());
        }
        if (e instanceof NotAllowedException n) {
            return new Failure(403, "Forbidden", n.getMessage(), List.of());
        }
        if (e instanceof AccountProblem a) {
            return new Failure(400, "Not accepted", a.getMessage(), a.problems());
        }
        if (e instanceof BudgetExhaustedException b) {
            return new Failure(429, "No attempts left for now", b.getMessage(), List.of());
        }
        if (e instanceof QueueFullException q) {
            return new Failure(503, "Grading is very busy", q.getMessage(), List.of());
        }
        if (e instanceof UploadTooLargeException t) {
            return new Failure(413, "Upload too large", t.getMessage(), List.of());
        }
        if (e instanceof HttpResponseException h) {
            String heading = switch (h.getStatus()) {
                case 404 -> "Not found";
                case 403 -> "Forbidden";
                case 400 -> "Bad request";
                case 401 -> "Sign in first";
                case 429 -> "Too many requests";
                default -> "Error";
            };
            return new Failure(h.getStatus(), heading, h.getMessage(), List.of());
        }
        if (Database.unavailable(e)) {
            LOG.warn("request failed: the database is not answering: {}", e.getMessage());
            return new Failure(503, "Try again in a moment", "Roadlab's database is not answering just now (it may be"
                    + " restarting). Please try again in a few seconds.", List.of());
        }
        LOG.error("request failed", e);
        return new Failure(500, "Something went wrong",
                "Something went wrong on our side. It has been logged; please try again.", List.of());
    }
}
