package dev.roadlab.engine.web;

import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.web.view.ErrorView;
import dev.roadlab.engine.web.view.Layout;
import dev.roadlab.grader.lab.UnknownLabException;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
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
    private final LearnerCookie learners;
    private final String courseTitle;

    Site(Urls urls, Assets assets, Csrf csrf, LearnerCookie learners, String courseTitle) {
        this.urls = urls;
        this.assets = assets;
        this.csrf = csrf;
        this.learners = learners;
        this.courseTitle = courseTitle;
    }

    Urls urls() {
        return urls;
    }

    Csrf csrf() {
        return csrf;
    }

    LearnerCookie learners() {
        return learners;
    }

    Layout layout(String title, String description) {
        return layout(title, description, Assets.SCRIPTS);
    }

    /** The frame of a page with the code editor: its script loads before app.js, which attaches it. */
    Layout layoutWithEditor(String title, String description) {
        List<String> scripts = new java.util.ArrayList<>(Assets.SCRIPTS);
        scripts.add(scripts.indexOf("app.js"), Assets.EDITOR);
        return layout(title, description, scripts);
    }

    private Layout layout(String title, String description, List<String> scripts) {
        return new Layout(title, description, courseTitle, urls, assets.url(urls, "app.css"),
                scripts.stream().map(name -> assets.url(urls, name)).toList(), assets.url(urls, "favicon.svg"));
    }

    /**
     * Renders a page. Pages show the learner's own state, so unless the handler said otherwise they are not stored
     * by browsers or proxies ({@code no-store}), search and error pages included.
     */
    void render(Context ctx, String template, Object model) {
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-store");
        }
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    /** Wraps a page handler: its failures become an error page with the right status. */
    Handler page(Handler handler) {
        return guarded(handler, this::errorPage);
    }

    /** Wraps an API handler: its failures become {"error": ..., "problems": [...]} with the right status. */
    Handler api(Handler handler) {
        return guarded(handler, (ctx, f) -> Json.error(ctx, f.status(), f.message(), f.problems()));
    }

    /** Refuses cross-site state changes, then runs the handler; whatever it throws is answered by {@code respond}. */
    private Handler guarded(Handler handler, BiConsumer<Context, Failure> respond) {
        return ctx -> {
            try {
                csrf.checkOrigin(ctx);
                handler.handle(ctx);
            } catch (Exception e) {
                ctx.attribute(RESPONDED, true);
                respond.accept(ctx, failure(e));
            }
        };
    }

    private void errorPage(Context ctx, Failure f) {
        ctx.status(f.status());
        render(ctx, "error.jte", new ErrorView(layout(f.heading(), f.message()), f.status(), f.heading(), f.message()));
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
        if (e instanceof UploadTooLargeException t) {
            return new Failure(413, "Upload too large", t.getMessage(), List.of());
        }
        if (e instanceof HttpResponseException h) {
            String heading = switch (h.getStatus()) {
                case 404 -> "Not found";
                case 403 -> "Forbidden";
                case 400 -> "Bad request";
                default -> "Error";
            };
            return new Failure(h.getStatus(), heading, h.getMessage(), List.of());
        }
        LOG.error("request failed", e);
        return new Failure(500, "Something went wrong",
                "Something went wrong on our side. It has been logged; please try again.", List.of());
    }
}
