package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row-change detection by transaction stamps sees every write and every removal, even one that leaves the same
 * values behind, and nothing else (rewrites such as VACUUM FULL keep the stamps).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowChangesTest {

    private final Grader grader = Grader.create(FixtureLabs.catalog(), TestSandboxes.servers());

    @AfterAll
    void close() {
        grader.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an index only|CREATE INDEX notes_body_idx ON notes (body);|passed",
            "VACUUM FULL and CLUSTER rewrite but change nothing|CREATE INDEX notes_body_idx ON notes (body); VACUUM FULL notes; CLUSTER notes USING notes_pkey;|passed",
            "one update|CREATE INDEX notes_body_idx ON notes (body); UPDATE notes SET body = body WHERE id = 7;|failed",
            "one delete|CREATE INDEX notes_body_idx ON notes (body); DELETE FROM notes WHERE id = 7;|failed",
            "delete and put back the same row|CREATE INDEX notes_body_idx ON notes (body); DELETE FROM notes WHERE id = 7; INSERT INTO notes VALUES (7, 'note 7');|failed",
            "truncate and reload everything|CREATE INDEX notes_body_idx ON notes (body); CREATE TABLE keep AS SELECT * FROM notes; TRUNCATE notes; INSERT INTO notes SELECT * FROM keep;|failed"})
    void every_write_or_removal_is_seen_and_nothing_else(String what, String sql, String expected) {
        GradeReport report = grader.grade("fixture-sql", Submission.ofText(Map.of("script.sql", sql)));
        assertThat(report.verdict()).as(ReportJson.writePretty(report)).isEqualTo(Verdict.fromWireName(expected));
        if (expected.equals("failed")) {
            assertThat(report.checks().get(1).message()).startsWith("notes changed");
        }
    }
}
