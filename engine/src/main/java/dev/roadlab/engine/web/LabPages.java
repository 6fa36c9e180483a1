package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.submissions.Attempt;
import dev.roadlab.engine.submissions.BudgetExhaustedException;
import dev.roadlab.engine.submissions.StarterFiles;
import dev.roadlab.engine.web.view.BudgetNote;
import dev.roadlab.engine.web.view.EditorFile;
import dev.roadlab.engine.web.view.ScoreChart;
import dev.roadlab.engine.web.view.LabCard;
import dev.roadlab.engine.web.view.LabEntry;
import dev.roadlab.engine.web.view.LabView;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A lab's page (instructions, checks, upload form) and the form's submission. */
final class LabPages {

    private final Roadlab roadlab;
    private final Site site;

    LabPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    static LabCard card(Lab lab) {
        return new LabCard(lab.id(), lab.definition().title(), lab.definition().summary(), lab.maxScore());
    }

    /** One file of the lab's starter, as a download. */
    void starterFile(Context ctx) {
        Lab lab = roadlab.labs().get(ctx.pathParam("id"));
        String name = ctx.pathParam("name");
        byte[] bytes = StarterFiles.file(lab, name)
                .orElseThrow(() -> new NotFoundResponse("The starter of this lab has no file '" + name + "'."));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/plain; charset=utf-8").result(bytes);
    }

    /** The lab's starter folder and README as a zip. */
    void starterZip(Context ctx) {
        Lab lab = roadlab.labs().get(ctx.pathParam("id"));
        ctx.header("Content-Disposition", "attachment; filename=\"" + lab.id() + "-starter.zip\"");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/zip").result(StarterFiles.zip(lab));
    }

    void lab(Context ctx) {
        render(ctx, roadlab.labs().get(ctx.pathParam("id")), List.of(), null, Map.of());
    }

    /**
     * The HTML form: a valid upload goes to its submission page; a refused one comes back with the reasons, and one
     * over the budget comes back (429, {@code Retry-After}) saying when the next attempt is.
     */
    void submit(Context ctx) {
        Lab lab = roadlab.labs().get(ctx.pathParam("id"));
        Uploads.checkRequest(ctx);
        site.csrf().checkForm(ctx, Uploads.formField(ctx, Csrf.FIELD));
        Submission submission = null;
        try {
            submission = Uploads.read(ctx, lab);
            // A browser without a cookie is charged to its address, as a cookie-less API client is.
            Caller asked = site.caller(ctx);
            Caller caller = site.identity().callerOrRegister(ctx);
            String id = roadlab.submissions().submit(lab.id(), submission, caller, asked);
            ctx.redirect(site.urls().submission(id), HttpStatus.SEE_OTHER);
        } catch (InvalidSubmissionException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, lab, e.problems(), null, Map.of());
        } catch (BudgetExhaustedException e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            // The files were valid: the editor keeps them, so nothing typed is lost while the learner waits.
            Map<String, String> sent = new java.util.TreeMap<>();
            submission.files().forEach((name, bytes) -> sent.put(name,
                    new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
            render(ctx, lab, List.of(), e, sent);
        }
    }

    /**
     * @param refused the budget's refusal of this post, or null: the page then shows it rather than a fresh look
     * @param sent    files of this post to put back in the editor; empty: the last attempt's, else the starter's
     */
    private void render(Context ctx, Lab lab, List<String> problems, BudgetExhaustedException refused,
                        Map<String, String> sent) {
        LabView.ModuleLink module = roadlab.course().moduleOfLab(lab.id())
                .map(m -> new LabView.ModuleLink(m.id(), m.title())).orElse(null);
        LabCard card = card(lab);
        Caller learner = site.caller(ctx);
        LabEntry state = new LabEntry(card, roadlab.progress().labState(learner, lab.id()));
        List<Attempt> attempts = roadlab.submissions().attempts(lab.id(), learner);
        Map<String, String> starter = StarterFiles.of(lab);
        Map<String, String> latest = !sent.isEmpty() ? sent
                : roadlab.submissions().latestFiles(lab.id(), learner).orElse(starter);
        List<EditorFile> editor = lab.definition().files().stream()
                .map(f -> new EditorFile(f.name(), latest.getOrDefault(f.name(), starter.getOrDefault(f.name(), "")),
                        EditorFile.languageOf(f.name()), f.maxBytes()))
                .toList();
        ctx.header("Cache-Control", "no-store");
        site.render(ctx, "lab.jte", new LabView(site.layoutWithEditor(ctx, lab.definition().title(), lab.definition().summary()),
                card, roadlab.instructionsHtml(lab), lab.definition().files(), lab.checks(),
                site.csrf().token(ctx), problems, module, state, attempts, ScoreChart.of(attempts),
                List.copyOf(starter.keySet()), editor, !latest.equals(starter),
                refused != null ? BudgetNote.refused(refused)
                        : roadlab.submissions().budget(lab.id(), learner).map(BudgetNote::of).orElse(null)));
    }
}
