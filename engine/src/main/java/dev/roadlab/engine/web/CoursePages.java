package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.engine.web.view.LabCard;
import dev.roadlab.engine.web.view.ModuleView;
import dev.roadlab.engine.web.view.PathView;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;

/** The learning path, module pages and the course's own files (images). */
final class CoursePages {

    private final Roadlab roadlab;
    private final Site site;

    CoursePages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void path(Context ctx) {
        List<PathView.Step> steps = roadlab.course().modules().stream()
                .map(m -> new PathView.Step(m, labCards(m)))
                .toList();
        site.render(ctx, "path.jte", new PathView(site.layout("Learning path", roadlab.course().summary()),
                roadlab.course().summary(), steps));
    }

    void module(Context ctx) {
        CourseModule module = roadlab.course().module(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("There is no module '" + ctx.pathParam("id") + "'."));
        site.render(ctx, "module.jte", new ModuleView(site.layout(module.title(), module.summary()), module,
                labCards(module), roadlab.course().previous(module).orElse(null),
                roadlab.course().next(module).orElse(null)));
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

    List<LabCard> labCards(CourseModule module) {
        return module.labs().stream()
                .flatMap(id -> roadlab.labs().find(id).stream())
                .map(LabPages::card)
                .toList();
    }
}
