package dev.roadlab.engine.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestLabs;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.engine.course.MarkdownRenderer;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.grader.report.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gradebook's numbers, order, filters, CSV and lab statistics, for real on H2 and on PostgreSQL. */
class GradebookServiceTest {

    static final String OTHER_LAB = "secure-headers";

    static GradebookLab column(String id) {
        var lab = CohortFixture.LABS.get(id);
        return new GradebookLab(id, lab.definition().title(), lab.maxScore(),
                lab.checks().stream().map(c -> new GradebookLab.Check(c.id(), c.title())).toList());
    }

    static final List<GradebookLab> LABS = List.of(column(CohortFixture.LAB), column(OTHER_LAB));
    static final Set<String> LAB_IDS = Set.of(CohortFixture.LAB, OTHER_LAB);

    /** Four learners: Ada passes after the deadline, Bob passed on time and then did worse, Cy half, Dee nothing. */
    record Cohort4(CohortFixture f, Caller ines, CohortId id, Caller ada, String adasBest, String bobsBest,
                   String bobsLast) {
    }

    static Cohort4 cohort(CohortFixture f) {
        Caller ines = f.account("ines", "Ines", Role.INSTRUCTOR);
        Caller ada = f.account("ada", "Ada Lovelace", Role.LEARNER);
        Caller bob = f.account("bob", "=HYPERLINK(\"x\")", Role.LEARNER);
        Caller cy = f.account("cy", "Cy, the Third", Role.LEARNER);
        Caller dee = f.account("dee", "Dee", Role.LEARNER);
        CohortId id = f.cohorts.create(ines, "Spring", "backend").id();
        String token = f.cohorts.createInvite(ines, id, 7).orElseThrow().token();
        for (Caller learner : List.of(ada, bob, cy, dee)) {
            f.cohorts.join(learner, token);
        }
        f.cohorts.setDeadline(ines, id, CohortFixture.LAB, Optional.of(f.clock.at().plusDays(2)));
        Set<String> all = CohortFixture.first(7);
        f.clock.advance(Duration.ofDays(1)); // 2026-12-02T09:00:00Z, on time
        f.submitGraded(ada, CohortFixture.first(1));
        String bobsBest = f.submitGraded(bob, all);
        f.submitGraded(cy, CohortFixture.first(2));
        f.clock.advance(Duration.ofMinutes(1));
        f.submitGraded(cy, Set.of(), Verdict.INFRASTRUCTURE); // our fault: not Cy's attempt
        f.clock.advance(Duration.ofDays(2).minusMinutes(1)); // 2026-12-04T09:00:00Z, late
        String adasBest = f.submitGraded(ada, all);
        String bobsLast = f.submitGraded(bob, Set.of());
        return new Cohort4(f, ines, id, ada, adasBest, bobsBest, bobsLast);
    }

    static List<String> logins(Gradebook book) {
        return book.rows().stream().map(r -> r.learner().login()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void the_gradebook_shows_best_score_attempts_last_submission_and_late_per_learner_and_lab(String kind)
            throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Cohort4 c = cohort(f);
            Gradebook book = f.gradebooks.gradebook(c.ines(), c.id(), LABS, GradebookQuery.ALL).orElseThrow();
            assertThat(book.learners()).isEqualTo(4);
            assertThat(book.maxTotal()).isEqualTo(14 + CohortFixture.LABS.get(OTHER_LAB).maxScore());
            assertThat(logins(book)).containsExactly("bob", "ada", "cy", "dee"); // "=" sorts before letters

            Cell ada = book.rows().get(1).cell(CohortFixture.LAB);
            assertThat(ada.attempts()).isEqualTo(2);
            assertThat(ada.best()).contains(14);
            assertThat(ada.passed()).isTrue();
            assertThat(ada.late()).isTrue();
            assertThat(ada.bestSubmission()).contains(c.adasBest());
            assertThat(ada.lastSubmittedAt().orElseThrow().toInstant()).hasToString("2026-12-04T09:00:00Z");
            assertThat(ada.dueAt().orElseThrow().toInstant()).hasToString("2026-12-03T09:00:00Z");

            Cell bob = book.rows().getFirst().cell(CohortFixture.LAB);
            assertThat(bob.best()).contains(14);
            assertThat(bob.late()).as("had full marks in time").isFalse();
            assertThat(bob.bestSubmission()).contains(c.bobsBest());
            assertThat(bob.lastSubmission()).contains(c.bobsLast());

            Cell cy = book.rows().get(2).cell(CohortFixture.LAB);
            assertThat(cy.attempts()).as("the infrastructure failure is not Cy's").isEqualTo(1);
            assertThat(cy.best()).contains(CohortFixture.pointsOfFirst(2));
            assertThat(cy.passed()).isFalse();
            assertThat(cy.lastSubmittedAt().orElseThrow().toInstant()).hasToString("2026-12-02T09:00:00Z");

            Cell dee = book.rows().get(3).cell(CohortFixture.LAB);
            assertThat(dee.attempts()).isZero();
            assertThat(dee.best()).isEmpty();
            assertThat(book.rows().get(3).total()).isZero();
            assertThat(book.rows().get(1).cell(OTHER_LAB).attempts()).isZero();
            assertThat(book.rows().get(1).total()).isEqualTo(14);

            // An extension past Ada's late submission takes the late mark away.
            f.cohorts.grantExtension(c.ines(), c.id(), c.ada().accountId().orElseThrow(), CohortFixture.LAB,
                    f.clock.at());
            assertThat(f.gradebooks.gradebook(c.ines(), c.id(), LABS, GradebookQuery.ALL).orElseThrow().rows()
                    .get(1).cell(CohortFixture.LAB).late()).isFalse();

            // Another instructor: absent.
            Caller otto = f.account("otto", "Otto", Role.INSTRUCTOR);
            assertThat(f.gradebooks.gradebook(otto, c.id(), LABS, GradebookQuery.ALL)).isEmpty();
            assertThat(f.gradebooks.labStatistics(otto, c.id(), LABS.getFirst())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void the_gradebook_sorts_and_filters_on_the_server(String kind) throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Cohort4 c = cohort(f);
            String lab = CohortFixture.LAB;
            java.util.function.Function<GradebookQuery, List<String>> rows = q -> logins(
                    f.gradebooks.gradebook(c.ines(), c.id(), LABS, q).orElseThrow());
            assertThat(rows.apply(GradebookQuery.parse(null, null, null, "lab:" + lab, null, LAB_IDS)))
                    .as("best score, highest first; ties by name").containsExactly("bob", "ada", "cy", "dee");
            assertThat(rows.apply(GradebookQuery.parse(null, null, null, "lab:" + lab, "asc", LAB_IDS)))
                    .containsExactly("dee", "cy", "bob", "ada");
            assertThat(rows.apply(GradebookQuery.parse(null, null, null, "total", null, LAB_IDS)))
                    .containsExactly("bob", "ada", "cy", "dee");
            assertThat(rows.apply(GradebookQuery.parse(null, null, null, "name", "desc", LAB_IDS)))
                    .containsExactly("dee", "cy", "ada", "bob");
            assertThat(rows.apply(GradebookQuery.parse("LOV", null, null, null, null, LAB_IDS)))
                    .containsExactly("ada");
            assertThat(rows.apply(GradebookQuery.parse("cy", null, null, null, null, LAB_IDS)))
                    .containsExactly("cy");
            assertThat(rows.apply(GradebookQuery.parse(null, lab, "passed", null, null, LAB_IDS)))
                    .containsExactly("bob", "ada");
            assertThat(rows.apply(GradebookQuery.parse(null, lab, "not-passed", null, null, LAB_IDS)))
                    .containsExactly("cy", "dee");
            assertThat(rows.apply(GradebookQuery.parse("ee", lab, "not-passed", null, null, LAB_IDS)))
                    .containsExactly("dee");
            assertThat(rows.apply(GradebookQuery.parse(null, OTHER_LAB, "passed", null, null, LAB_IDS))).isEmpty();
            assertThat(f.gradebooks.gradebook(c.ines(), c.id(), LABS,
                    GradebookQuery.parse(null, lab, "passed", null, null, LAB_IDS)).orElseThrow().learners())
                    .isEqualTo(4);
        }
    }

    @Test
    void a_query_the_gradebook_cannot_answer_says_what_is_wrong() {
        assertThatThrownBy(() -> GradebookQuery.parse(null, null, null, "lab:nope", null, LAB_IDS))
                .isInstanceOf(CohortProblem.class).hasMessageContaining("sort is name, total or lab:");
        assertThatThrownBy(() -> GradebookQuery.parse(null, "nope", "passed", null, null, LAB_IDS))
                .isInstanceOf(CohortProblem.class).hasMessageContaining("no lab 'nope'");
        assertThatThrownBy(() -> GradebookQuery.parse(null, null, "passed", null, null, LAB_IDS))
                .isInstanceOf(CohortProblem.class).hasMessageContaining("Choose the lab");
        assertThatThrownBy(() -> GradebookQuery.parse(null, null, "maybe", null, null, LAB_IDS))
                .isInstanceOf(CohortProblem.class);
        assertThatThrownBy(() -> GradebookQuery.parse(null, null, null, null, "sideways", LAB_IDS))
                .isInstanceOf(CohortProblem.class);
        assertThatThrownBy(() -> GradebookQuery.parse("x".repeat(101), null, null, null, null, LAB_IDS))
                .isInstanceOf(CohortProblem.class);
        // A lab chosen without a status filters nothing.
        assertThat(GradebookQuery.parse(null, CohortFixture.LAB, "all", null, null, LAB_IDS))
                .isEqualTo(GradebookQuery.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void the_csv_has_fixed_columns_quotes_what_needs_it_and_defuses_formulas(String kind) throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Cohort4 c = cohort(f);
            String csv = GradebookCsv.write(f.gradebooks.gradebook(c.ines(), c.id(), LABS, GradebookQuery.ALL)
                    .orElseThrow());
            int other = CohortFixture.LABS.get(OTHER_LAB).maxScore();
            String cyBest = String.valueOf(CohortFixture.pointsOfFirst(2));
            assertThat(csv).isEqualTo(""
                    + "login,name,audit-log-indexes:best,audit-log-indexes:max,audit-log-indexes:attempts,"
                    + "audit-log-indexes:last_submitted_at,audit-log-indexes:late,secure-headers:best,"
                    + "secure-headers:max,secure-headers:attempts,secure-headers:last_submitted_at,"
                    + "secure-headers:late\r\n"
                    + "bob,\"'=HYPERLINK(\"\"x\"\")\",14,14,2,2026-12-04T09:00:00Z,no,," + other + ",0,,no\r\n"
                    + "ada,Ada Lovelace,14,14,2,2026-12-04T09:00:00Z,yes,," + other + ",0,,no\r\n"
                    + "cy,\"Cy, the Third\"," + cyBest + ",14,1,2026-12-02T09:00:00Z,no,," + other + ",0,,no\r\n"
                    + "dee,Dee,,14,0,,no,," + other + ",0,,no\r\n");
        }
    }

    @Test
    void csv_fields_are_defused_and_quoted_one_by_one() {
        assertThat(GradebookCsv.field("plain")).isEqualTo("plain");
        assertThat(GradebookCsv.field("")).isEqualTo("");
        assertThat(GradebookCsv.field("+1")).isEqualTo("'+1");
        assertThat(GradebookCsv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(GradebookCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(GradebookCsv.field("\tx")).isEqualTo("'\tx");
        assertThat(GradebookCsv.field("a\nb")).isEqualTo("\"a\nb\"");
        assertThat(GradebookCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(GradebookCsv.field("a=b")).isEqualTo("a=b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void lab_statistics_count_best_scores_the_pass_rate_and_the_checks_that_stop_learners(String kind)
            throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Cohort4 c = cohort(f);
            LabStatistics stats = f.gradebooks.labStatistics(c.ines(), c.id(), LABS.getFirst()).orElseThrow();
            assertThat(stats.learners()).isEqualTo(4);
            assertThat(stats.submitted()).isEqualTo(3);
            assertThat(stats.passed()).isEqualTo(2);
            assertThat(stats.passRate()).isEqualTo(2.0 / 3);
            assertThat(stats.bestScores()).containsExactlyInAnyOrder(14, 14, CohortFixture.pointsOfFirst(2));
            // Cy's best passes the first two checks; Ada's and Bob's pass all: each later check stops one of three.
            assertThat(stats.checks()).extracting(LabStatistics.CheckShare::stopped)
                    .containsExactly(0, 0, 1, 1, 1, 1, 1);
            assertThat(stats.checks()).allSatisfy(s -> assertThat(s.of()).isEqualTo(3));
            assertThat(stats.checks().get(2).share()).isEqualTo(1.0 / 3);
            LabStatistics none = f.gradebooks.labStatistics(c.ines(), c.id(), LABS.get(1)).orElseThrow();
            assertThat(none.submitted()).isZero();
            assertThat(none.passRate()).isZero();
            assertThat(none.checks()).allSatisfy(s -> assertThat(s.share()).isZero());
        }
    }

    @Test
    void the_gradebook_columns_are_the_course_labs_in_course_order() {
        Course course = CourseLoader.fromClasspath(getClass().getClassLoader(), new MarkdownRenderer(new Urls("")),
                TestLabs.bundledLabIds());
        List<String> inCourseOrder = course.modules().stream().flatMap(m -> m.labs().stream()).distinct()
                .filter(id -> CohortFixture.LABS.find(id).isPresent()).toList();
        List<GradebookLab> labs = GradebookLab.of(course, CohortFixture.LABS);
        assertThat(labs).extracting(GradebookLab::id).containsExactlyElementsOf(inCourseOrder).isNotEmpty();
        assertThat(labs.stream().filter(l -> l.id().equals(CohortFixture.LAB)).findFirst().orElseThrow().maxScore())
                .isEqualTo(14);
        assertThat(labs.stream().map(GradebookLab::id).collect(Collectors.toSet())).hasSameSizeAs(labs);
    }
}
