package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Plan assertions on EXPLAIN (FORMAT JSON) output as PostgreSQL 15 prints it. */
class PlanAssertTest {

    static final String SEQ_SCAN_AND_SORT = """
            [{"Plan": {"Node Type": "Limit", "Plan Rows": 50, "Total Cost": 4570.1, "Plans": [
              {"Node Type": "Sort", "Sort Key": ["created_at DESC"], "Plan Rows": 7472, "Total Cost": 4569.9, "Plans": [
                {"Node Type": "Seq Scan", "Relation Name": "audit_logs", "Alias": "audit_logs", "Plan Rows": 7472,
                 "Total Cost": 4318.0}]}]}}]
            """;

    static final String BITMAP = """
            [{"Plan": {"Node Type": "Bitmap Heap Scan", "Relation Name": "audit_logs", "Plan Rows": 68,
              "Total Cost": 250.1, "Plans": [
                {"Node Type": "Bitmap Index Scan", "Index Name": "audit_logs_user_idx", "Plan Rows": 68,
                 "Total Cost": 4.9}]}, "Planning Time": 0.1}]
            """;

    @Test
    void a_sequential_scan_is_reported_with_the_query_the_node_and_the_plan() {
        QueryPlan plan = QueryPlan.parse("SELECT * FROM audit_logs WHERE user_id = 3", SEQ_SCAN_AND_SORT);
        assertThatThrownBy(() -> PlanAssert.that(plan, "the latest-50 query").doesNotSeqScan("audit_logs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("The latest-50 query reads audit_logs with a Seq Scan node (the planner expects "
                        + "7,472 rows from it).")
                .hasMessageContaining("Query: SELECT * FROM audit_logs WHERE user_id = 3")
                .hasMessageContaining("-> Seq Scan on audit_logs");
        assertThatThrownBy(() -> PlanAssert.that(plan, "the latest-50 query").doesNotSort())
                .hasMessageStartingWith("The latest-50 query still needs a Sort node (on created_at DESC)");
    }

    @Test
    void a_bitmap_plan_reads_an_index_of_its_table() {
        QueryPlan plan = QueryPlan.parse("SELECT * FROM audit_logs WHERE user_id = 1042", BITMAP);
        assertThatCode(() -> PlanAssert.that(plan, "the query").usesAnIndexOn("audit_logs").doesNotSeqScan("audit_logs")
                .doesNotSort()).doesNotThrowAnyException();
        assertThatThrownBy(() -> PlanAssert.that(QueryPlan.parse("q", SEQ_SCAN_AND_SORT), "the query")
                .usesAnIndexOn("audit_logs")).hasMessageStartingWith("The query reads no index of audit_logs.");
    }
}
