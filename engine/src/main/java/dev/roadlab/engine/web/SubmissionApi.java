package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.submissions.BudgetExhaustedException;
import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.ReportJson;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON API: {@code POST /api/labs/{lab}/submissions} (multipart files) answers 202 with the submission's id, or
 * 429 with {@code Retry-After} when the caller's submission budget for the lab is used up for now;
 * {@code GET /api/submissions/{id}} answers its status, then its report ({@code roadlab.report/1});
 * {@code GET /api/labs} lists the labs and their files. {@link ApiRoutes} declares and documents them.
 */
final class SubmissionApi {

    private final Roadlab roadlab;
    private final Site site;

    SubmissionApi(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void create(Context ctx) {
        // Set first, so the refusals (400, 404, 413) are not stored either.
        ctx.header("Cache-Control", "no-store");
        Lab lab = roadlab.labs().get(ctx.pathParam("lab"));
        // A browser that is a learner here gets the submission counted as theirs; other clients stay anonymous.
        String id;
        try {
            id = roadlab.submissions().submit(lab.id(), Uploads.read(ctx, lab), site.caller(ctx));
        } catch (BudgetExhaustedException e) {
            tooSoon(ctx, e);
            return;
        }
        ObjectNode body = Json.object()
                .put("id", id)
                .put("lab", lab.id())
                .put("status", "queued");
        body.putObject("links")
                .put("self", site.urls().apiSubmission(id))
                .put("events", site.urls().apiSubmissionEvents(id))
                .put("page", site.urls().submission(id));
        ctx.header("Location", site.urls().apiSubmission(id));
        Json.send(ctx, 202, body);
    }

    /** 429: the error as every API error says it, plus when to come back, in seconds and as a time. */
    private static void tooSoon(Context ctx, BudgetExhaustedException e) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        ObjectNode body = Json.object()
                .put("error", e.getMessage())
                .put("retry_after_seconds", e.retryAfterSeconds())
                .put("next_attempt_at", e.nextAttemptAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(
                        e.nextAttemptAt().getNano() > 0 ? 1 : 0).toString())
                .put("budget", e.budget().toString());
        Json.send(ctx, 429, body);
    }

    /** Every lab, with the files it takes: what {@code roadlab submit} reads before it uploads. */
    void labs(Context ctx) {
        ObjectNode body = Json.object();
        var list = body.putArray("labs");
        for (Lab lab : roadlab.labs().all()) {
            ObjectNode item = list.addObject()
                    .put("id", lab.id())
                    .put("title", lab.definition().title())
                    .put("summary", lab.definition().summary())
                    .put("max_score", lab.maxScore());
            var files = item.putArray("files");
            lab.definition().files().forEach(f -> files.addObject().put("name", f.name()).put("max_bytes", f.maxBytes())
                    .put("description", f.description()));
        }
        Json.send(ctx, 200, body);
    }

    void get(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        SubmissionView s = roadlab.submissions().find(ctx.pathParam("id"), site.caller(ctx))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        ObjectNode body = Json.object()
                .put("id", s.id())
                .put("lab", s.labId())
                .put("status", s.status().wireName())
                .put("max_score", s.maxScore())
                .put("created_at", s.createdAt().toString());
        s.finishedAt().ifPresent(f -> body.put("finished_at", f.toString()));
        if (s.report().isPresent()) {
            body.set("report", ReportJson.toTree(s.report().get()));
        } else {
            body.putNull("report");
        }
        Json.send(ctx, 200, body);
    }
}
