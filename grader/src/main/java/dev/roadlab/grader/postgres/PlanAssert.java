package dev.roadlab.grader.postgres;

import dev.roadlab.grader.check.CheckFailure;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Assertions on a query plan that read aloud in a check and fail with a message a learner can act on: which
 * query, which plan node, the whole plan.
 *
 * <pre>{@code
 * PlanAssert.that(db.explain(WEEKLY_ACTIVITY), "the weekly-activity query").doesNotSeqScan("audit_logs");
 * }</pre>
 */
public final class PlanAssert {

    private final QueryPlan plan;
    private final String name;

    private PlanAssert(QueryPlan plan, String name) {
        this.plan = plan;
        this.name = name;
    }

    /** @param name how the message names the query, e.g. "the weekly-activity query" */
    public static PlanAssert that(QueryPlan plan, String name) {
        return new PlanAssert(plan, name);
    }

    public PlanAssert doesNotSeqScan(String table) {
        List<PlanNode> scans = plan.seqScansOf(table);
        if (!scans.isEmpty()) {
            PlanNode scan = scans.get(0);
            throw new CheckFailure(String.format(Locale.ROOT,
                    "%s reads %s with a %s node (the planner expects %,.0f rows from it).%n%s",
                    capitalized(), table, scan.type(), scan.estimatedRows(), planText()));
        }
        return this;
    }

    public PlanAssert doesNotSort() {
        List<PlanNode> sorts = plan.sorts();
        if (!sorts.isEmpty()) {
            PlanNode sort = sorts.get(0);
            throw new CheckFailure(String.format(Locale.ROOT,
                    "%s still needs a %s node (on %s) to order its rows.%n%s",
                    capitalized(), sort.type(), String.join(", ", sort.sortKeys()), planText()));
        }
        return this;
    }

    /**
     * The plan (from EXPLAIN (ANALYZE, BUFFERS)) touched at most {@code limit} pages. Pages are the work a plan does,
     * counted the same on every run: a plan that walks a whole index to keep a few rows touches pages in proportion
     * to the table, whatever its node is called.
     *
     * @param limit    the most pages allowed
     * @param because  why that many, for the message, e.g. "a tenth of the 2,443 it touched before the migration"
     */
    public PlanAssert touchesAtMost(long limit, String because) {
        if (plan.root().sharedBlocks() < 0) {
            throw new IllegalStateException("touchesAtMost needs EXPLAIN (ANALYZE, BUFFERS): " + plan.query());
        }
        long pages = plan.pagesTouched();
        if (pages > limit) {
            throw new CheckFailure(String.format(Locale.ROOT,
                    "%s touches %,d pages (shared buffers hit or read); at most %,d may be touched: %s.%n%s",
                    capitalized(), pages, limit, because, planText()));
        }
        return this;
    }

    public PlanAssert usesAnIndexOn(String table) {
        // An index scan names both its index and its table; a bitmap plan splits them: the Bitmap Heap Scan names
        // the table, the Bitmap Index Scans under it the indexes.
        boolean indexed = plan.nodes().anyMatch(n -> n.scans(table)
                && (!n.index().isEmpty() || n.type().equals("Bitmap Heap Scan")));
        if (!indexed) {
            throw new CheckFailure(capitalized() + " reads no index of " + table + ".\n" + planText());
        }
        return this;
    }

    /**
     * Every scan of {@code table} looked at no more than {@code rows} rows: those it returned plus those its filters
     * threw away, over all its loops. Needs a plan from {@code EXPLAIN ANALYZE}; a count, not a time, so the verdict
     * is the same on a busy machine.
     */
    public PlanAssert examinesAtMost(String table, double rows) {
        for (PlanNode scan : plan.nodes().filter(n -> n.scans(table)).toList()) {
            if (scan.rowsExamined() < 0) {
                throw new IllegalStateException("examinesAtMost needs EXPLAIN ANALYZE: " + plan.query());
            }
            if (scan.rowsExamined() > rows) {
                throw new CheckFailure(String.format(Locale.ROOT,
                        "%s looks at %,.0f rows of %s in its %s node to return %,.0f (at most %,.0f would do).%n%s",
                        capitalized(), scan.rowsExamined(), table, scan.type(), scan.actualRows() * scan.loops(), rows,
                        planText()));
            }
        }
        return this;
    }

    private String planText() {
        return "Query: " + plan.query().strip().replaceAll("\\s+", " ") + "\nPlan:\n"
                + plan.describe().lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    private String capitalized() {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
