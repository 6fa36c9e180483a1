package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.SubmissionInCohort;
import dev.roadlab.engine.grading.GradingEvent;
import dev.roadlab.engine.submissions.SubmissionDetail;
import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission's page: its status while it waits, then its report, what failed first, with the files submitted and
 * the diff against the previous attempt.
 *
 * @param layout      the frame
 * @param submission  the submission
 * @param labTitle    its lab's title
 * @param report      the report, or null while grading
 * @param statusUrl   the API URL the page polls while grading
 * @param detail      its files, the previous attempt and the diff against it
 * @param moduleId    the module that teaches the lab (where per-check section links point), or null
 * @param progress    while grading, the checks of the current run finished so far
 * @param queuePosition while queued, how many submissions are taken before it (1: next); 0 otherwise
 * @param eventsUrl   the stream of its progress (server-sent events)
 * @param cohort      whose it is and whether it was late, in the learner's (or the instructor's) cohort; or null
 */
public record SubmissionPage(Layout layout, SubmissionView submission, String labTitle, GradeReport report,
                             String statusUrl, SubmissionDetail detail, String moduleId,
                             List<GradingEvent> progress, int queuePosition, String eventsUrl,
                             SubmissionInCohort cohort) {

    /** A check that did not run because an earlier problem stopped the run says so with this prefix. */
    static final String NOT_GRADED = "Not graded";

    /** The checks worth reading, in the order to read them: what went wrong first, then what passed. */
    public List<CheckResult> checksToRead() {
        List<CheckResult> wrong = new ArrayList<>();
        List<CheckResult> passed = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            if (notGraded(check)) {
                continue;
            }
            (check.passed() ? passed : wrong).add(check);
        }
        wrong.addAll(passed);
        return wrong;
    }

    /** The checks an earlier problem kept from running: listed once by title, not each with the same message. */
    public List<CheckResult> notGraded() {
        return report.checks().stream().filter(SubmissionPage::notGraded).toList();
    }

    private static boolean notGraded(CheckResult check) {
        return !check.passed() && check.message().startsWith(NOT_GRADED);
    }

    /** One line on top of the report, e.g. "2 of 7 checks failed, 4/10 points". */
    public String summary() {
        int total = report.checks().size();
        long wrong = report.checks().stream().filter(c -> !c.passed()).count();
        String points = report.score() + "/" + report.maxScore() + " points";
        if (total == 0) {
            return "No check ran, " + points + ".";
        }
        if (wrong == 0) {
            return "All " + total + " checks passed, " + points + ".";
        }
        if (report.verdict() == Verdict.ERROR && !notGraded().isEmpty()) {
            return "The submission has an error to fix first: " + notGraded().size() + " of " + total
                    + " checks could not run, " + points + ".";
        }
        return wrong + " of " + total + (total == 1 ? " check" : " checks") + " failed, " + points + ".";
    }

    /** The module section that teaches a check, when the report names one; null otherwise. */
    public String teachesUrl(CheckResult check) {
        String anchor = detail.teaches().get(check.id());
        return anchor == null || moduleId == null ? null : layout.urls().module(moduleId) + "#" + anchor;
    }

    /** Where to edit the files and submit again: the lab page's editor. */
    public String editUrl() {
        return layout.urls().lab(submission.labId()) + "#editor";
    }
}
