package dev.roadlab.engine.progress;

import static dev.roadlab.engine.db.jooq.Tables.LEARNERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestLabs;
import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.engine.course.MarkdownRenderer;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Learners and their progress, for real, on H2 and on PostgreSQL: registered, identified, scoped. */
class ProgressServiceTest {

    static final LabCatalog LABS = LabCatalog.fromClasspath(ProgressServiceTest.class.getClassLoader());
    static final String LAB = "audit-log-indexes";

    /** The bundled course as the path is built from it (its labs checked against the catalog plus stand-ins). */
    static final Course COURSE = CourseLoader.fromClasspath(ProgressServiceTest.class.getClassLoader(),
            new MarkdownRenderer(new Urls("")), TestLabs.bundledLabIds());

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    /** Runs the body against a fresh database of the kind, dropped afterwards. */
    interface Body {
        void run(Database db) throws Exception;
    }

    static void with(String kind, Body body) throws Exception {
        if (kind.equals("H2")) {
            try (Database db = Database.open(TestDatabases.h2(Files.createTempDirectory("roadlab-progress")))) {
                body.run(db);
            }
            return;
        }
        try (TestDatabases.Postgres pg = TestDatabases.postgres(); Database db = Database.open(pg.config())) {
            body.run(db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_learner_is_identified_by_their_token_whose_hash_alone_is_stored(String kind) throws Exception {
        with(kind, db -> {
            LearnerService learners = new LearnerService(db.dsl(), Clock.systemUTC());
            NewLearner ada = learners.register();
            NewLearner bob = learners.register();
            assertThat(ada.token()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(bob.token());
            assertThat(learners.identify(ada.token())).contains(ada.id());
            assertThat(learners.identify(bob.token())).contains(bob.id());
            assertThat(learners.identify("x".repeat(43))).isEmpty();
            assertThat(learners.identify("not a token")).isEmpty();
            assertThat(learners.identify(null)).isEmpty();
            assertThat(db.dsl().select(LEARNERS.TOKEN_HASH).from(LEARNERS).fetch(LEARNERS.TOKEN_HASH))
                    .hasSize(2).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"))
                    .doesNotContain(ada.token(), bob.token());
            assertThat(ada.toString()).doesNotContain(ada.token());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reading_and_passing_move_a_learners_progress_and_nobody_elses(String kind) throws Exception {
        with(kind, db -> {
            LearnerService learners = new LearnerService(db.dsl(), Clock.systemUTC());
            ProgressService progress = new ProgressService(db.dsl(), Clock.systemUTC());
            SubmissionService submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { });
            GradingQueue queue = new GradingQueue(db.dsl(), Clock.systemUTC());
            Caller ada = Caller.anonymousLearner(learners.register().id(), "test");
            Caller bob = Caller.anonymousLearner(learners.register().id(), "test");
            Caller nobody = Caller.nobody("test");

            PathProgress fresh = progress.progress(ada, COURSE);
            assertThat(fresh.done()).isZero();
            assertThat(fresh.total()).isEqualTo(COURSE.modules().size()
                    + COURSE.modules().stream().mapToInt(m -> m.labs().size()).sum());
            assertThat(fresh.modules()).allSatisfy(m -> assertThat(m.state()).isEqualTo(ModuleState.NOT_STARTED));

            progress.markRead(ada, "orientation");
            progress.markRead(ada, "orientation");
            progress.markRead(ada, "data-modeling");
            PathProgress read = progress.progress(ada, COURSE);
            assertThat(read.done()).isEqualTo(2);
            assertThat(read.module("orientation").orElseThrow().state()).isEqualTo(ModuleState.COMPLETE);
            assertThat(read.module("data-modeling").orElseThrow().state()).isEqualTo(ModuleState.STARTED);

            // Bob fails the lab, Ada fails then passes it; an anonymous client passes it for nobody.
            grade(submissions, queue, bob, Verdict.FAILED);
            assertThat(progress.labState(bob, LAB)).isEqualTo(LabState.ATTEMPTED);
            grade(submissions, queue, ada, Verdict.FAILED);
            assertThat(progress.labState(ada, LAB)).isEqualTo(LabState.ATTEMPTED);
            grade(submissions, queue, ada, Verdict.PASSED);
            grade(submissions, queue, nobody, Verdict.PASSED);
            assertThat(progress.labState(ada, LAB)).isEqualTo(LabState.PASSED);
            assertThat(progress.labState(bob, LAB)).isEqualTo(LabState.ATTEMPTED);
            assertThat(progress.labState(nobody, LAB)).isEqualTo(LabState.NOT_STARTED);

            ModuleProgress data = progress.progress(ada, COURSE).module("data-modeling").orElseThrow();
            assertThat(data.labs()).contains(new LabProgress(LAB, LabState.PASSED));
            assertThat(data.labsPassed()).isEqualTo(1);

            PathProgress others = progress.progress(bob, COURSE);
            assertThat(others.done()).isZero();
            assertThat(progress.progress(nobody, COURSE).done()).isZero();

            progress.markUnread(ada, "orientation");
            assertThat(progress.progress(ada, COURSE).module("orientation").orElseThrow().read())
                    .isFalse();
        });
    }

    private static void grade(SubmissionService submissions, GradingQueue queue, Caller learner,
                              Verdict verdict) {
        submissions.submit(LAB, Submission.ofText(Map.of("migration.sql", "-- " + verdict)), learner);
        Job job = queue.claim("test-worker", Duration.ofMinutes(1)).orElseThrow();
        GradeReport report = GradeReport.withoutChecks(LAB, verdict, 10, "", Timings.NONE, 1);
        assertThat(queue.finish(job, report)).isTrue();
    }
}
