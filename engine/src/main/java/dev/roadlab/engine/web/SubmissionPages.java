package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.submissions.SubmissionDetail;
import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.engine.web.view.SubmissionPage;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** A submission's page: status while grading, then the report. */
final class SubmissionPages {

    private final Roadlab roadlab;
    private final Site site;

    SubmissionPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void page(Context ctx) {
        SubmissionDetail detail = roadlab.submissions().detail(ctx.pathParam("id"), site.learners().current(ctx))
                .orElseThrow(() -> new NotFoundResponse("There is no such submission."));
        SubmissionView submission = detail.submission();
        String labTitle = roadlab.labs().find(submission.labId()).map(l -> l.definition().title())
                .orElse(submission.labId());
        ctx.header("Cache-Control", "no-store");
        String moduleId = roadlab.course().moduleOfLab(submission.labId()).map(m -> m.id()).orElse(null);
        site.render(ctx, "submission.jte", new SubmissionPage(site.layout("Submission to " + labTitle, labTitle),
                submission, labTitle, submission.report().orElse(null), site.urls().apiSubmission(submission.id()),
                detail, moduleId));
    }
}
