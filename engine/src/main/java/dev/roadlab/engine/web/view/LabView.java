package dev.roadlab.engine.web.view;

import dev.roadlab.engine.submissions.Attempt;
import dev.roadlab.grader.lab.CheckInfo;
import dev.roadlab.grader.submission.FileRule;
import java.util.List;

/**
 * A lab page: instructions, the checks, and the form to submit files.
 *
 * @param layout            the frame
 * @param lab               the lab as a card
 * @param instructionsHtml  its README rendered to safe HTML
 * @param files             the files to upload, with their limits
 * @param checks            what will be checked
 * @param csrfToken         the form's token
 * @param problems          why the last upload was refused, if it was
 * @param module            the module that introduces it, or null
 * @param state             the learner's state: the lab with its progress
 * @param attempts          the learner's submissions to this lab, newest first
 * @param chart             their scores over time, or null before the first graded one
 * @param starterFiles      the names of the starter's files, to download
 * @param editor            the files in the page's editor, prefilled
 * @param editorFromAttempt whether the editor holds the learner's last attempt rather than the starter
 * @param budget            the learner's submission budget at this lab, or null when none applies
 */
public record LabView(Layout layout, LabCard lab, String instructionsHtml, List<FileRule> files,
                      List<CheckInfo> checks, String csrfToken, List<String> problems, ModuleLink module,
                      LabEntry state, List<Attempt> attempts, ScoreChart chart,
                      List<String> starterFiles, List<EditorFile> editor, boolean editorFromAttempt,
                      BudgetNote budget) {

    /**
     * Whether the lab's instructions already list its checks (a "Checks" section, as every bundled lab has): then
     * the page does not list them a second time.
     */
    public boolean instructionsListChecks() {
        return instructionsHtml.contains("<h2 id=\"checks\"");
    }

    /** @param id module id; @param title module title */
    public record ModuleLink(String id, String title) {
    }
}
