package dev.roadlab.engine.cohorts;

import java.util.List;

/**
 * One learner's line of the gradebook.
 *
 * @param cells one per lab, in the gradebook's lab order
 * @param total the sum of the best scores
 */
public record GradebookRow(Member learner, List<Cell> cells, int total) {

    public GradebookRow {
        cells = List.copyOf(cells);
    }

    public Cell cell(String labId) {
        return cells.stream().filter(c -> c.labId().equals(labId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lab '" + labId + "' in the gradebook"));
    }
}
