package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.LabStatistics;

/** One lab's statistics in a cohort: the score histogram, the pass rate and the checks that stop learners. */
public record CohortLabView(Layout layout, LabStatistics stats, CohortCharts.Histogram histogram,
                            CohortCharts.CheckBars checks, String cohortUrl, String gradebookUrl) {

    public String passRate() {
        return CohortCharts.percent(stats.passRate());
    }
}
