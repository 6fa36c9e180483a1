package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * booking-isolation accepts every correct design, not only the one in its solution folder, and ends a hostile
 * book_seat with a clean verdict. The designs live in src/test/resources/designs/booking-isolation/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingDesignsTest {

    private static final String LAB = "booking-isolation";

    private final LabCatalog labs = LabCatalog.fromClasspath(BookingDesignsTest.class.getClassLoader());
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> correctDesignsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream()
                .flatMap(p -> Stream.of("row-locks", "serializable", "constraints-only")
                        .map(design -> Arguments.of(p, design)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correctDesignsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_book_seat_that_never_returns_times_out_and_the_run_ends(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("never-returns"));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.TIMEOUT);
        assertThat(report.checks()).extracting(CheckResult::verdict).as(describe(report)).containsOnly(Verdict.TIMEOUT);
        // The first check waits for the limit; the others are not graded rather than waiting for it again.
        assertThat(report.timings().checksMillis()).isLessThan(2 * 30_000 + 10_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_book_seat_that_raises_errors_fails_every_booking_check(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("raises-errors"));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.FAILED);
        assertThat(report.checks().subList(1, report.checks().size())).as(describe(report))
                .allSatisfy(check -> {
                    assertThat(check.verdict()).isEqualTo(Verdict.FAILED);
                    assertThat(check.message()).contains("22012");
                });
    }

    private static Submission design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/booking.sql";
        try (InputStream in = BookingDesignsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return Submission.of(Map.of("booking.sql", in.readAllBytes()));
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
