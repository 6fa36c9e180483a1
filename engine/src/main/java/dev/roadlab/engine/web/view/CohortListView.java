package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.Cohort;
import java.util.List;

/**
 * The cohorts an instructor runs, and the form to start one.
 *
 * @param problems what was wrong with the last form, if it came back
 */
public record CohortListView(Layout layout, List<Cohort> cohorts, String csrf, List<String> problems) {
}
