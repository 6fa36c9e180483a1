package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A report says where a grading's time went, including the part outside the checks' own work (the lease, JUnit's
 * discovery and execution, result building, giving the sandboxes back), which benchmarks print per lab. The split
 * adds up and survives the JSON round trip; how fast it is is measured by bench/grading, never asserted here.
 */
class TimingsSplitTest {

    @Test
    void the_overhead_is_the_lease_plus_what_the_checks_did_not_spend_and_is_in_the_json() {
        try (Grader grader = Grader.create(FixtureLabs.catalog(), SandboxSettings.defaults())) {
            GradeReport report = grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", "pass")),
                    GradeListener.NONE);
            assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
            Timings t = report.timings();
            assertThat(t.setupMillis()).isBetween(0L, t.checksMillis());
            assertThat(t.overheadMillis()).isBetween(t.leaseMillis(), t.leaseMillis() + t.checksMillis());

            Timings read = ReportJson.read(ReportJson.write(report)).timings();
            assertThat(read).isEqualTo(t);
        }
    }

    @Test
    void a_report_written_before_the_split_reads_as_no_overhead_measured() {
        String old = """
                {"schema":"roadlab.report/1","lab":"x","verdict":"passed","score":1,"max_score":1,"message":"",
                 "attempts":1,"timings":{"queued_ms":3,"sandbox_lease_ms":4,"checks_ms":5},"checks":[]}""";
        assertThat(ReportJson.read(old).timings()).isEqualTo(new Timings(3, 4, 5, 0, 0));
    }
}
