package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.cohorts.Cohort;
import dev.roadlab.engine.cohorts.CohortId;
import dev.roadlab.engine.cohorts.CohortProblem;
import dev.roadlab.engine.cohorts.CohortService;
import dev.roadlab.engine.cohorts.Gradebook;
import dev.roadlab.engine.cohorts.GradebookCsv;
import dev.roadlab.engine.cohorts.GradebookLab;
import dev.roadlab.engine.cohorts.GradebookQuery;
import dev.roadlab.engine.cohorts.Invite;
import dev.roadlab.engine.cohorts.LabSettings;
import dev.roadlab.engine.cohorts.LabStatistics;
import dev.roadlab.engine.cohorts.Member;
import dev.roadlab.engine.cohorts.NewInvite;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.web.view.CohortCharts;
import dev.roadlab.engine.web.view.CohortLabView;
import dev.roadlab.engine.web.view.CohortListView;
import dev.roadlab.engine.web.view.CohortView;
import dev.roadlab.engine.web.view.GradebookView;
import dev.roadlab.engine.web.view.JoinView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instructors' pages (cohorts, a cohort's members, invites, deadlines and extensions, its gradebook and CSV, a
 * lab's charts) and the invite link's page. HTTP in and out only: {@link CohortService} and
 * {@link dev.roadlab.engine.cohorts.GradebookService} decide who sees what (a cohort the caller does not run is 404
 * here, a learner is refused with 403). Times in forms and pages are UTC.
 */
final class CohortPages {

    private static final String NO_COHORT = "There is no such cohort.";

    private final Roadlab roadlab;
    private final Site site;
    private final List<GradebookLab> labs;

    CohortPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
        this.labs = GradebookLab.of(roadlab.course(), roadlab.labs());
    }

    private CohortService cohorts() {
        return roadlab.cohorts();
    }

    private Urls urls() {
        return site.urls();
    }

    // ---- the list ----

    void list(Context ctx) {
        renderList(ctx, List.of());
    }

    private void renderList(Context ctx, List<String> problems) {
        List<Cohort> mine = cohorts().list(site.caller(ctx));
        site.render(ctx, "cohorts.jte", new CohortListView(site.layout(ctx, "Cohorts",
                "The cohorts you run"), mine, site.csrf().token(ctx), problems));
    }

    void create(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        try {
            Cohort cohort = cohorts().create(site.caller(ctx), ctx.formParam("name"), roadlab.course().id());
            ctx.redirect(urls().cohort(cohort.id().value()), HttpStatus.SEE_OTHER);
        } catch (CohortProblem p) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderList(ctx, List.of(p.getMessage()));
        }
    }

    // ---- one cohort ----

    private CohortId cohortId(Context ctx) {
        return CohortId.parse(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse(NO_COHORT));
    }

    void cohort(Context ctx) {
        renderCohort(ctx, cohortId(ctx), null, List.of());
    }

    private void renderCohort(Context ctx, CohortId id, String newInviteLink, List<String> problems) {
        Caller caller = site.caller(ctx);
        Cohort cohort = cohorts().find(caller, id).orElseThrow(() -> new NotFoundResponse(NO_COHORT));
        List<Member> members = cohorts().members(caller, id).orElseThrow();
        List<Member> learners = members.stream().filter(m -> m.role() == dev.roadlab.engine.cohorts.MemberRole.LEARNER)
                .toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<CohortView.InviteRow> invites = cohorts().invites(caller, id).orElseThrow().stream()
                .map(i -> inviteRow(cohort, i, now)).toList();
        Map<String, LabSettings> settings = cohorts().labSettings(caller, id).orElseThrow();
        List<CohortView.LabRow> labRows = labs.stream().map(lab -> {
            LabSettings s = settings.getOrDefault(lab.id(), LabSettings.none(lab.id()));
            return new CohortView.LabRow(lab.id(), lab.title(), s.dueAt().map(CohortPages::inputValue).orElse(""),
                    s.dueAt().map(GradebookView::utc).orElse(""), s.submissionBudget().orElse(""),
                    urls().cohortLabSettings(id.value(), lab.id()), urls().cohortLab(id.value(), lab.id()));
        }).toList();
        Map<Long, String> names = members.stream()
                .collect(Collectors.toMap(m -> m.account().value(), Member::displayName));
        Map<String, String> titles = labs.stream().collect(Collectors.toMap(GradebookLab::id, GradebookLab::title));
        List<CohortView.ExtensionRow> extensions = cohorts().extensions(caller, id).orElseThrow().stream()
                .map(e -> new CohortView.ExtensionRow(e.account().value(),
                        names.getOrDefault(e.account().value(), "#" + e.account().value()), e.labId(),
                        titles.getOrDefault(e.labId(), e.labId()), GradebookView.utc(e.dueAt())))
                .toList();
        if (!problems.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
        }
        site.render(ctx, "cohort.jte", new CohortView(site.layout(ctx, cohort.name(), "Cohort " + cohort.name()),
                cohort, members, learners, invites, labRows, extensions, site.csrf().token(ctx), newInviteLink,
                problems, CohortService.DEFAULT_INVITE_DAYS, CohortService.MAX_INVITE_DAYS));
    }

    private CohortView.InviteRow inviteRow(Cohort cohort, Invite i, OffsetDateTime now) {
        String state = i.revokedAt().isPresent() ? "revoked" : i.usableAt(now) ? "usable" : "expired";
        return new CohortView.InviteRow(i.id(), GradebookView.utc(i.createdAt()), GradebookView.utc(i.expiresAt()),
                state, i.uses(), i.usableAt(now), urls().cohortInviteRevoke(cohort.id().value(), i.id()));
    }

    /** Runs a change of the cohort's, then back to its page; a refused input shows the page with the reason. */
    private void change(Context ctx, ChangeAction action) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        CohortId id = cohortId(ctx);
        try {
            if (!action.apply(site.caller(ctx), id)) {
                throw new NotFoundResponse(NO_COHORT);
            }
            ctx.redirect(urls().cohort(id.value()), HttpStatus.SEE_OTHER);
        } catch (CohortProblem p) {
            renderCohort(ctx, id, null, List.of(p.getMessage()));
        }
    }

    private interface ChangeAction {
        boolean apply(Caller caller, CohortId id);
    }

    void createInvite(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        CohortId id = cohortId(ctx);
        try {
            int days = parseDays(ctx.formParam("days"));
            NewInvite invite = cohorts().createInvite(site.caller(ctx), id, days)
                    .orElseThrow(() -> new NotFoundResponse(NO_COHORT));
            renderCohort(ctx, id, origin(ctx) + urls().join(invite.token()), List.of());
        } catch (CohortProblem p) {
            renderCohort(ctx, id, null, List.of(p.getMessage()));
        }
    }

    private static int parseDays(String text) {
        if (text == null || text.isBlank()) {
            return CohortService.DEFAULT_INVITE_DAYS;
        }
        if (!text.strip().matches("[0-9]{1,3}")) {
            throw new CohortProblem("Say for how many days the invite is valid: 1 to " + CohortService.MAX_INVITE_DAYS
                    + ".");
        }
        return Integer.parseInt(text.strip());
    }

    /** scheme://host of the request as the browser sees it, for a link to copy. */
    private String origin(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}")) {
            return "";
        }
        return (site.transport().https(ctx) ? "https://" : "http://") + host;
    }

    void revokeInvite(Context ctx) {
        String invite = ctx.pathParam("invite");
        change(ctx, (caller, id) -> cohorts().revokeInvite(caller, id, invite));
    }

    void settings(Context ctx) {
        String budget = ctx.formParam("budget");
        change(ctx, (caller, id) -> cohorts().setBudget(caller, id, budget));
    }

    void labSettings(Context ctx) {
        GradebookLab lab = labOf(ctx);
        String due = ctx.formParam("due");
        String budget = ctx.formParam("budget");
        change(ctx, (caller, id) -> cohorts().setLab(caller, id, lab.id(), parseDue(due), budget));
    }

    void grantExtension(Context ctx) {
        String lab = ctx.formParam("lab");
        String learner = ctx.formParam("learner");
        String due = ctx.formParam("due");
        change(ctx, (caller, id) -> {
            GradebookLab l = courseLab(lab).orElseThrow(() -> new CohortProblem("Choose one of the course's labs."));
            OffsetDateTime at = parseDue(due).orElseThrow(() -> new CohortProblem("Give the new due time (UTC)."));
            return cohorts().grantExtension(caller, id, learnerId(learner), l.id(), at);
        });
    }

    void removeExtension(Context ctx) {
        String lab = ctx.formParam("lab");
        String learner = ctx.formParam("learner");
        change(ctx, (caller, id) -> {
            cohorts().removeExtension(caller, id, learnerId(learner), lab == null ? "" : lab);
            return cohorts().find(caller, id).isPresent();
        });
    }

    void addInstructor(Context ctx) {
        String login = ctx.formParam("login");
        change(ctx, (caller, id) -> cohorts().addInstructor(caller, id, login));
    }

    private static AccountId learnerId(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,17}")) {
            throw new CohortProblem("Choose a learner of this cohort.");
        }
        return new AccountId(Long.parseLong(text));
    }

    /** A datetime-local value read as UTC; blank is none. */
    static Optional<OffsetDateTime> parseDue(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text.strip());
            if (local.getYear() < 2000 || local.getYear() > 2200) {
                throw new CohortProblem("A due time is between the years 2000 and 2200.");
            }
            return Optional.of(local.atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new CohortProblem("Write a due time as 2026-12-24T17:00 (UTC).");
        }
    }

    private static String inputValue(OffsetDateTime t) {
        return t.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime().withSecond(0).withNano(0).toString();
    }

    private Optional<GradebookLab> courseLab(String id) {
        return labs.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    private GradebookLab labOf(Context ctx) {
        String id = ctx.pathParam("lab");
        return courseLab(id).orElseThrow(() -> new NotFoundResponse("There is no lab '" + id + "' in this course."));
    }

    // ---- the gradebook ----

    private record Asked(GradebookQuery query, List<String> problems) {
    }

    private Asked query(Context ctx) {
        Set<String> ids = labs.stream().map(GradebookLab::id).collect(Collectors.toSet());
        try {
            return new Asked(GradebookQuery.parse(ctx.queryParam("q"), ctx.queryParam("lab"),
                    ctx.queryParam("status"), ctx.queryParam("sort"), ctx.queryParam("order"), ids), List.of());
        } catch (CohortProblem p) {
            return new Asked(GradebookQuery.ALL, List.of(p.getMessage()));
        }
    }

    void gradebook(Context ctx) {
        CohortId id = cohortId(ctx);
        Asked asked = query(ctx);
        Gradebook book = roadlab.gradebooks().gradebook(site.caller(ctx), id, labs, asked.query())
                .orElseThrow(() -> new NotFoundResponse(NO_COHORT));
        if (!asked.problems().isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
        }
        site.render(ctx, "gradebook.jte", new GradebookView(site.layout(ctx, "Gradebook of " + book.cohort().name(),
                "Learners by lab"), book, urls().gradebook(id.value()), urls().gradebookCsv(id.value()),
                urls().cohort(id.value()), asked.problems()));
    }

    /** The gradebook as CSV (a page's download and the API's {@code /api/cohorts/{id}/gradebook.csv}). */
    void gradebookCsv(Context ctx) {
        CohortId id = cohortId(ctx);
        Asked asked = query(ctx);
        // Authorized before the query is judged, so that a stranger learns nothing from a 400.
        Gradebook book = roadlab.gradebooks().gradebook(site.caller(ctx), id, labs, asked.query())
                .orElseThrow(() -> new NotFoundResponse(NO_COHORT));
        if (!asked.problems().isEmpty()) {
            throw new io.javalin.http.BadRequestResponse(asked.problems().getFirst());
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Disposition", "attachment; filename=\"cohort-" + id.value() + "-gradebook.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(GradebookCsv.write(book));
    }

    void lab(Context ctx) {
        CohortId id = cohortId(ctx);
        GradebookLab lab = labOf(ctx);
        LabStatistics stats = roadlab.gradebooks().labStatistics(site.caller(ctx), id, lab)
                .orElseThrow(() -> new NotFoundResponse(NO_COHORT));
        site.render(ctx, "cohort-lab.jte", new CohortLabView(site.layout(ctx, lab.title() + " in "
                + stats.cohort().name(), "How the cohort does at " + lab.title()), stats,
                CohortCharts.histogram(stats), CohortCharts.checks(stats), urls().cohort(id.value()),
                urls().gradebook(id.value())));
    }

    // ---- the invite link ----

    void join(Context ctx) {
        String token = ctx.pathParam("token");
        Caller caller = site.caller(ctx);
        Optional<String> cohort = cohorts().inviteCohortName(token);
        if (cohort.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND);
            ctx.attribute(Site.RESPONDED, true); // this page says why, not the generic 404
        }
        site.render(ctx, "join.jte", new JoinView(site.layout(ctx, "Join a cohort", "An invite to a cohort"),
                token, cohort.orElse(null), caller.signedIn(), site.csrf().token(ctx), urls().join(token),
                urls().signUp(), urls().signIn(urls().join(token))));
    }

    void joinPost(Context ctx) {
        site.csrf().checkForm(ctx, ctx.formParam(Csrf.FIELD));
        cohorts().join(site.caller(ctx), ctx.pathParam("token"));
        ctx.redirect(urls().home(), HttpStatus.SEE_OTHER);
    }
}
