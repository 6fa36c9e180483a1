package dev.roadlab.engine.cohorts;

import java.util.List;

/**
 * How a cohort does at one lab, from each learner's best submission (the one the gradebook links).
 *
 * @param learners    the cohort's learners
 * @param submitted   those with a graded submission to the lab
 * @param passed      those who passed it
 * @param bestScores  each submitting learner's best score
 * @param checks      per check of the lab, in report order, how many submitting learners it stops
 */
public record LabStatistics(Cohort cohort, GradebookLab lab, int learners, int submitted, int passed,
                            List<Integer> bestScores, List<CheckShare> checks) {

    public LabStatistics {
        bestScores = List.copyOf(bestScores);
        checks = List.copyOf(checks);
    }

    /**
     * One check's reach: of the learners who submitted, how many have a best submission that does not pass it
     * (it failed, or could not run because the submission had an error first).
     */
    public record CheckShare(String id, String title, int stopped, int of) {

        /** The share stopped, 0 to 1 (0 when nobody submitted). */
        public double share() {
            return of == 0 ? 0 : (double) stopped / of;
        }
    }

    /** Passed over submitted, 0 to 1 (0 when nobody submitted). */
    public double passRate() {
        return submitted == 0 ? 0 : (double) passed / submitted;
    }
}
