package dev.roadlab.engine.cohorts;

import java.util.List;

/**
 * A cohort's learners by its labs, as asked: rows filtered and sorted by the query.
 *
 * @param learners  how many learners the cohort has (rows may be fewer, filtered)
 * @param maxTotal  the points of all labs
 */
public record Gradebook(Cohort cohort, List<GradebookLab> labs, GradebookQuery query, List<GradebookRow> rows,
                        int learners, int maxTotal) {

    public Gradebook {
        labs = List.copyOf(labs);
        rows = List.copyOf(rows);
    }
}
