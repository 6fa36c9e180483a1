package dev.roadlab.engine.web.view;

import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.grader.report.GradeReport;

/**
 * A submission's page: its status while it waits, then its report.
 *
 * @param layout      the frame
 * @param submission  the submission
 * @param labTitle    its lab's title
 * @param report      the report, or null while grading
 * @param statusUrl   the API URL the page polls while grading
 */
public record SubmissionPage(Layout layout, SubmissionView submission, String labTitle, GradeReport report,
                             String statusUrl) {
}
