package dev.roadlab.labs;

import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.QueryPlan;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What queries touch, as PostgreSQL counts it ({@code EXPLAIN (ANALYZE, BUFFERS)}): the shared buffers each plan hit
 * or read. Unlike a timing, the count is the same on every run and every machine for the same plan on the same data,
 * so a comparison between two designs never depends on how busy the machine was. Parallel workers and JIT are off
 * while measuring: a parallel plan's share of work depends on how many cores are free at that moment.
 */
final class QueryPages {

    private QueryPages() {
    }

    /** The pages each query touched, by query. */
    static Map<String, Long> of(LabDatabase db, List<String> queries) throws SQLException {
        Map<String, Long> pages = new LinkedHashMap<>();
        for (String sql : queries) {
            pages.put(sql, analyzed(db, sql).pagesTouched());
        }
        return pages;
    }

    /** One run of the query with EXPLAIN (ANALYZE, BUFFERS), on one core. */
    static QueryPlan analyzed(LabDatabase db, String sql) throws SQLException {
        db.execute("SET max_parallel_workers_per_gather = 0");
        db.execute("SET jit = off");
        try {
            return db.explainAnalyze(sql);
        } finally {
            db.execute("RESET max_parallel_workers_per_gather");
            db.execute("RESET jit");
        }
    }

    /**
     * "12.3 times fewer", never rounded up to a target it missed: 9.96 times reads "9.9 times fewer", not "10".
     */
    static String reduction(long before, long after) {
        if (after == 0) {
            return "no pages at all";
        }
        double times = Math.floor(10.0 * before / after) / 10;
        return times >= 1 ? String.format(Locale.ROOT, "%.1f times fewer", times)
                : String.format(Locale.ROOT, "%.1f times more", Math.floor(10.0 * after / before) / 10);
    }
}
