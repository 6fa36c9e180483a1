package dev.roadlab.labs;

import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.QueryPlan;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Execution times of queries as PostgreSQL measures them ({@code EXPLAIN ANALYZE}), taken so that a comparison
 * between two designs survives a busy machine.
 */
final class QueryTimings {

    private QueryTimings() {
    }

    /**
     * The fastest execution time of each query, in milliseconds, over {@code rounds} rounds.
     *
     * <p>Rounds interleave the queries, so a burst of load from elsewhere slows one run of several queries rather
     * than every run of one; the fastest run is the one least disturbed. A first, uncounted round brings the pages
     * into memory. Parallel workers and JIT are off while timing: both depend on how many cores are free at that
     * moment, which is noise here, not design. Per-node timing is off too, so instrumenting a plan with many rows
     * does not count against it.
     */
    static Map<String, Double> fastest(LabDatabase db, List<String> queries, int rounds) throws SQLException {
        db.execute("SET max_parallel_workers_per_gather = 0");
        db.execute("SET jit = off");
        try {
            Map<String, Double> best = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                for (String sql : queries) {
                    double millis = executionMillis(db, sql);
                    if (round > 0) {
                        best.merge(sql, millis, Math::min);
                    }
                }
            }
            return best;
        } finally {
            db.execute("RESET max_parallel_workers_per_gather");
            db.execute("RESET jit");
        }
    }

    private static double executionMillis(LabDatabase db, String sql) throws SQLException {
        QueryPlan plan = QueryPlan.parse(sql, db.queryForString("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql));
        return plan.executionMillis().orElseThrow(() -> new IllegalStateException("EXPLAIN ANALYZE gave no time"));
    }
}
