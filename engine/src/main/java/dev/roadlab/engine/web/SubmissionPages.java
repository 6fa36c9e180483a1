package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.submissions.SubmissionDetail;
import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.engine.web.view.SubmissionPage;
import dev.roadlab.engine.grading.GradingEvent;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.engine.web.view.Layout;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.javalin.http.NotFoundResponse;

/**
 * A submission's page: status while grading, then the report; and its event stream, which pushes the queue position
 * and each check as it finishes (server-sent events, read from the database so any process's workers are seen).
 */
final class SubmissionPages {

    /** How often the stream looks for new events: the database is the channel, so it is polled. */
    private static final Duration STREAM_POLL = Duration.ofMillis(250);
    /** Without JavaScript, a page still grading reloads itself this often. */
    private static final int REFRESH_SECONDS = 3;

    private final Roadlab roadlab;
    private final Site site;

    SubmissionPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void page(Context ctx) {
        SubmissionDetail detail = roadlab.submissions().detail(ctx.pathParam("id"), site.caller(ctx))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        SubmissionView submission = detail.submission();
        String labTitle = roadlab.labs().find(submission.labId()).map(l -> l.definition().title())
                .orElse(submission.labId());
        ctx.header("Cache-Control", "no-store");
        String moduleId = roadlab.course().moduleOfLab(submission.labId()).map(m -> m.id()).orElse(null);
        boolean grading = submission.report().isEmpty();
        Layout layout = site.layout(ctx, "Submission to " + labTitle, labTitle);
        site.render(ctx, "submission.jte", new SubmissionPage(grading ? layout.refreshingEvery(REFRESH_SECONDS) : layout,
                submission, labTitle, submission.report().orElse(null), site.urls().apiSubmission(submission.id()),
                detail, moduleId, grading ? roadlab.gradingEvents().currentRun(submission.id()) : List.of(),
                grading ? roadlab.gradingEvents().queuePosition(submission.id()) : 0,
                site.urls().submissionEvents(submission.id()),
                roadlab.gradebooks().submissionInCohort(site.caller(ctx), submission.id()).orElse(null)));
    }

    /**
     * {@code text/event-stream}: {@code queued} (with the position) while it waits, {@code started}, {@code check}
     * per finished check and {@code retrying} while it is graded, then {@code done}, after which the stream ends.
     * Authorized like the page (another learner's submission is 404 here too).
     */
    void events(Context ctx) throws Exception {
        Caller caller = site.caller(ctx);
        String id = roadlab.submissions().find(ctx.pathParam("id"), caller)
                .orElseThrow(() -> new NotFoundResponse("There is no such submission.")).id();
        ctx.header("Cache-Control", "no-store");
        long resumeFrom = parseCursor(ctx.header("Last-Event-ID"));
        new SseHandler(client -> stream(client, id, caller, resumeFrom)).handle(ctx);
    }

    private void stream(SseClient client, String id, Caller caller, long resumeFrom) {
        long cursor = resumeFrom;
        int position = -1;
        while (!client.terminated()) {
            Optional<SubmissionView> now = roadlab.submissions().find(id, caller);
            if (now.isEmpty()) {
                break;
            }
            int queued = roadlab.gradingEvents().queuePosition(id);
            if (queued != position && queued > 0) {
                client.sendEvent("queued", Json.object().put("position", queued).toString());
            }
            position = queued;
            for (GradingEvent event : roadlab.gradingEvents().since(id, cursor)) {
                client.sendEvent(event.kind().wireName(), json(event), String.valueOf(event.id()));
                cursor = event.id();
            }
            if (now.get().status() == SubmissionStatus.DONE) {
                client.sendEvent("done", Json.object().put("page", site.urls().submission(id)).toString());
                break;
            }
            try {
                Thread.sleep(STREAM_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.close();
    }

    private static String json(GradingEvent e) {
        var body = Json.object().put("kind", e.kind().wireName()).put("elapsed", e.elapsed())
                .put("elapsed_ms", e.elapsedMs()).put("total", e.total());
        if (e.kind() == GradingEvent.Kind.CHECK) {
            body.put("id", e.checkId()).put("title", e.title()).put("verdict", e.verdict()).put("points", e.points())
                    .put("max_points", e.maxPoints()).put("duration", e.duration()).put("millis", e.millis())
                    .put("done", e.done());
        } else if (e.kind() == GradingEvent.Kind.RETRYING) {
            body.put("reason", e.title());
        }
        return body.toString();
    }

    private static long parseCursor(String header) {
        if (header == null || !header.matches("\\d{1,18}")) {
            return 0;
        }
        return Long.parseLong(header);
    }
}
