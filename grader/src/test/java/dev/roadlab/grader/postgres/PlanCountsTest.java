package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Rows and buffers from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON): counts that a busy machine does not change. */
class PlanCountsTest {

    /** A tenant's report when the policy casts tenant_id to text: every row read, nearly all thrown away. */
    static final String FILTERED_SEQ_SCAN = """
            [{"Plan": {"Node Type": "Sort", "Plan Rows": 30, "Total Cost": 600.1, "Actual Rows": 14, "Actual Loops": 1,
              "Actual Total Time": 4.2, "Sort Key": ["id"], "Shared Hit Blocks": 181, "Shared Read Blocks": 3,
              "Plans": [
                {"Node Type": "Seq Scan", "Relation Name": "invoices", "Plan Rows": 30, "Total Cost": 590.0,
                 "Actual Rows": 14, "Actual Loops": 1, "Actual Total Time": 4.1, "Rows Removed by Filter": 20061,
                 "Shared Hit Blocks": 181, "Shared Read Blocks": 3}]},
              "Planning Time": 0.2, "Execution Time": 4.3}]
            """;

    static final String INDEX_SCAN = """
            [{"Plan": {"Node Type": "Index Scan", "Relation Name": "invoices", "Index Name": "invoices_tenant_status_idx",
              "Plan Rows": 30, "Total Cost": 12.0, "Actual Rows": 7, "Actual Loops": 2, "Actual Total Time": 0.04,
              "Rows Removed by Filter": 0, "Shared Hit Blocks": 6, "Shared Read Blocks": 0},
              "Planning Time": 0.2, "Execution Time": 0.1}]
            """;

    @Test
    void a_node_counts_the_rows_it_threw_away_and_the_buffers_below_it() {
        PlanNode scan = QueryPlan.parse("q", FILTERED_SEQ_SCAN).root().children().get(0);
        assertThat(scan.rowsRemoved()).isEqualTo(20_061);
        assertThat(scan.rowsExamined()).isEqualTo(20_075);
        assertThat(scan.sharedBlocks()).isEqualTo(184);
        assertThat(scan.describe()).contains("20,061 removed", "184 pages");
        PlanNode index = QueryPlan.parse("q", INDEX_SCAN).root();
        assertThat(index.rowsExamined()).as("per loop times loops").isEqualTo(14);
    }

    @Test
    void a_plain_explain_measures_neither() {
        PlanNode node = QueryPlan.parse("q", PlanAssertTest.BITMAP).root();
        assertThat(node.rowsRemoved()).isEqualTo(-1);
        assertThat(node.rowsExamined()).isEqualTo(-1);
        assertThat(node.sharedBlocks()).isEqualTo(-1);
        assertThatThrownBy(() -> PlanAssert.that(QueryPlan.parse("q", PlanAssertTest.BITMAP), "q")
                .touchesAtMost(10, "a test")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_query_that_reads_the_whole_table_for_a_few_rows_is_told_so() {
        QueryPlan plan = QueryPlan.parse("SELECT id FROM invoices WHERE status = 'open'", FILTERED_SEQ_SCAN);
        assertThatThrownBy(() -> PlanAssert.that(plan, "tenant 1's report").examinesAtMost("invoices", 100))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Tenant 1's report looks at 20,075 rows of invoices in its Seq Scan node to "
                        + "return 14 (at most 100 would do).")
                .hasMessageContaining("-> Seq Scan on invoices");
        assertThatThrownBy(() -> PlanAssert.that(plan, "tenant 1's report").touchesAtMost(50, "a tenant's share"))
                .hasMessageStartingWith("Tenant 1's report touches 184 pages (shared buffers hit or read); at most 50 may "
                        + "be touched: a tenant's share.");
        assertThatCode(() -> PlanAssert.that(QueryPlan.parse("q", INDEX_SCAN), "q").examinesAtMost("invoices", 100)
                .touchesAtMost(50, "a test")).doesNotThrowAnyException();
    }
}
