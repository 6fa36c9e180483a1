package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.progress.ModuleProgress;
import dev.roadlab.engine.progress.PathProgress;
import dev.roadlab.engine.web.view.LabEntry;
import dev.roadlab.engine.web.view.ModuleView;
import dev.roadlab.engine.web.view.PathView;
import dev.roadlab.engine.web.view.PreEncoded;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The learning path with the learner's progress, module pages, marking a module read, and the course's images. */
final class CoursePages {

    private final Roadlab roadlab;
    private final Site site;
    /** Each module's prose, by id, encoded once: it is most of a module page's bytes. */
    private final Map<String, PreEncoded> prose;

    CoursePages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
        this.prose = roadlab.course().modules().stream()
                .collect(Collectors.toUnmodifiableMap(CourseModule::id, m -> PreEncoded.ofSafeHtml(m.html())));
    }

    void path(Context ctx) {
        PathProgress progress = roadlab.progress().progress(site.caller(ctx), roadlab.course());
        List<PathView.Step> steps = roadlab.course().modules().stream()
                .map(m -> {
                    ModuleProgress p = progress.module(m.id()).orElseThrow();
                    return new PathView.Step(m, labEntries(p), p);
                })
                .toList();
        ctx.header("Cache-Control", "no-store");
        site.render(ctx, "path.jte", new PathView(site.layout(ctx, "Learning path", roadlab.course().summary()),
                roadlab.course().summary(), steps, progress));
    }

    void module(Context ctx) {
        CourseModule module = module(ctx.pathParam("id"));
        ModuleProgress progress = roadlab.progress().progress(site.caller(ctx), roadlab.course())
                .module(module.id()).orElseThrow();
        ctx.header("Cache-Control", "no-store");
        site.render(ctx, "module.jte", new ModuleView(site.layout(ctx, module.title(), module.summary()), module,
                labEntries(progress), roadlab.course().previous(module).orElse(null),
                roadlab.course().next(module).orElse(null), progress, site.csrf().token(ctx), prose.get(module.id())));
    }

    /**
     * The "Mark as read" form (and its undo). Reading is recorded when the learner says so, not when they scroll to
     * the end: it works without JavaScript, a skim is not counted as a read, and it is an ordinary CSRF-protected
     * form post. Back to the module's progress section afterwards (post, redirect, get).
     */
    void markRead(Context ctx) {
        CourseModule module = module(ctx.pathParam("id"));
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        String read = Optional.ofNullable(ctx.formParam("read")).orElse("");
        if (!read.equals("true") && !read.equals("false")) {
            throw new BadRequestResponse("Say read=true or read=false.");
        }
        Caller learner = site.identity().callerOrRegister(ctx);
        if (read.equals("true")) {
            roadlab.progress().markRead(learner, module.id());
        } else {
            roadlab.progress().markUnread(learner, module.id());
        }
        ctx.redirect(site.urls().module(module.id()) + "#progress", HttpStatus.SEE_OTHER);
    }

    void file(Context ctx) {
        String path = ctx.pathParam("path");
        byte[] bytes = roadlab.course().files().get(path);
        if (bytes == null) {
            throw new NotFoundResponse("No such file.");
        }
        ctx.header("Content-Security-Policy", SecurityHeaders.FILE_POLICY);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(Assets.typeOf(path)).result(bytes);
    }

    private CourseModule module(String id) {
        return roadlab.course().module(id)
                .orElseThrow(() -> new NotFoundResponse("There is no module '" + id + "'."));
    }

    /** A module's labs that exist, each with the learner's state. */
    private List<LabEntry> labEntries(ModuleProgress progress) {
        return progress.labs().stream()
                .flatMap(p -> roadlab.labs().find(p.labId()).map(lab -> new LabEntry(LabPages.card(lab), p.state()))
                        .stream())
                .toList();
    }
}
