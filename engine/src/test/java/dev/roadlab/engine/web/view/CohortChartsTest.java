package dev.roadlab.engine.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.cohorts.Cohort;
import dev.roadlab.engine.cohorts.CohortId;
import dev.roadlab.engine.cohorts.GradebookLab;
import dev.roadlab.engine.cohorts.LabStatistics;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cohort charts' arithmetic: every score lands in exactly one labelled bar; check bars scale with the share. */
class CohortChartsTest {

    static LabStatistics stats(int max, List<Integer> scores, List<LabStatistics.CheckShare> checks) {
        Cohort cohort = new Cohort(new CohortId(1), "Spring", "backend", OffsetDateTime.parse("2026-12-01T09:00Z"),
                Optional.empty(), 5);
        return new LabStatistics(cohort, new GradebookLab("lab", "Lab", max, List.of()), 5, scores.size(),
                (int) scores.stream().filter(s -> s == max).count(), scores, checks);
    }

    @Test
    void above_ten_points_ten_bars_cover_every_score_once_with_labels_that_say_their_range() {
        CohortCharts.Histogram h = CohortCharts.histogram(stats(14, List.of(0, 1, 3, 14, 14), List.of()));
        assertThat(h.bars()).hasSize(10);
        int next = 0;
        for (int bin = 0; bin < 10; bin++) {
            int low = CohortCharts.low(bin, 14, 10);
            int high = CohortCharts.high(bin, 14, 10);
            assertThat(low).as("bin " + bin + " starts where the last ended").isEqualTo(next);
            assertThat(high).isGreaterThanOrEqualTo(low);
            for (int s = low; s <= high; s++) {
                assertThat(CohortCharts.bin(s, 14, 10)).isEqualTo(bin);
            }
            next = high + 1;
        }
        assertThat(next).isEqualTo(15);
        assertThat(h.bars().getFirst().label()).isEqualTo("0 to 1 points: 2 learners");
        assertThat(h.bars().getLast().label()).isEqualTo("13 to 14 points: 2 learners");
        assertThat(h.bars().getLast().count()).isEqualTo(2);
        assertThat(h.summary()).isEqualTo("5 of 5 learners submitted; 2 passed (40%).");
        // The tallest bar reaches the top padding; an empty one has no height.
        assertThat(h.bars().getFirst().y()).isEqualTo("8.0");
        assertThat(h.bars().get(1).height()).isEqualTo("0.0");
    }

    @Test
    void up_to_ten_points_each_score_has_its_bar() {
        CohortCharts.Histogram h = CohortCharts.histogram(stats(3, List.of(1, 3), List.of()));
        assertThat(h.bars()).extracting(CohortCharts.Bar::label).containsExactly("0 points: 0 learners",
                "1 point: 1 learner", "2 points: 0 learners", "3 points: 1 learner");
        assertThat(h.labels()).extracting(CohortCharts.Label::text).containsExactly("0", "1", "2", "3");
    }

    @Test
    void a_check_bar_is_as_long_as_the_share_it_stops() {
        CohortCharts.CheckBars bars = CohortCharts.checks(stats(10, List.of(1, 2), List.of(
                new LabStatistics.CheckShare("a", "First", 2, 2), new LabStatistics.CheckShare("b", "Second", 1, 2),
                new LabStatistics.CheckShare("c", "Third", 0, 2))));
        assertThat(bars.rows()).extracting(CohortCharts.CheckRow::value).containsExactly("100%", "50%", "0%");
        assertThat(bars.rows()).extracting(CohortCharts.CheckRow::barWidth).containsExactly("488.0", "244.0", "0.0");
        assertThat(bars.rows().get(1).label()).isEqualTo("Second: stops 1 of 2 learners (50%)");
    }
}
