package dev.roadlab.grader.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One node of a PostgreSQL plan, read from {@code EXPLAIN (FORMAT JSON)}.
 *
 * @param type           "Seq Scan", "Index Scan", "Sort", "HashAggregate", ...
 * @param relation       the table scanned, or "" when the node scans none
 * @param index          the index used, or ""
 * @param estimatedRows  the planner's row estimate per loop
 * @param actualRows     rows produced per loop (EXPLAIN ANALYZE), or -1 when not measured
 * @param loops          how many times the node ran (EXPLAIN ANALYZE), or 1
 * @param totalCost      the planner's total cost
 * @param actualMillis   total time per loop (EXPLAIN ANALYZE), or -1
 * @param sortKeys       sort keys of a Sort node
 * @param children       child nodes
 * @param rowsRemoved    rows per loop the node read and threw away (EXPLAIN ANALYZE's "Rows Removed by Filter",
 *                       by an index recheck or a join filter), or -1 when not measured
 * @param sharedBlocks   shared buffers the node and those below it touched, hit or read (EXPLAIN (ANALYZE,
 *                       BUFFERS)), or -1 when not measured: a count of pages that does not depend on the machine
 */
public record PlanNode(String type, String relation, String index, double estimatedRows, double actualRows,
                       double loops, double totalCost, double actualMillis, List<String> sortKeys,
                       List<PlanNode> children, double rowsRemoved, long sharedBlocks) {

    public PlanNode {
        sortKeys = List.copyOf(sortKeys);
        children = List.copyOf(children);
    }

    static PlanNode from(JsonNode json) {
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : json.path("Plans")) {
            children.add(from(child));
        }
        List<String> sortKeys = new ArrayList<>();
        for (JsonNode key : json.path("Sort Key")) {
            sortKeys.add(key.asString());
        }
        return new PlanNode(json.path("Node Type").asString(""), json.path("Relation Name").asString(""),
                json.path("Index Name").asString(""), json.path("Plan Rows").asDouble(0),
                json.has("Actual Rows") ? json.path("Actual Rows").asDouble() : -1,
                json.has("Actual Loops") ? json.path("Actual Loops").asDouble() : 1,
                json.path("Total Cost").asDouble(0),
                json.has("Actual Total Time") ? json.path("Actual Total Time").asDouble() : -1,
                sortKeys, children, rowsRemoved(json),
                json.has("Shared Hit Blocks") ? json.path("Shared Hit Blocks").asLong()
                        + json.path("Shared Read Blocks").asLong(0) : -1);
    }

    private static double rowsRemoved(JsonNode json) {
        if (!json.has("Actual Rows")) {
            return -1;
        }
        return json.path("Rows Removed by Filter").asDouble(0) + json.path("Rows Removed by Index Recheck").asDouble(0)
                + json.path("Rows Removed by Join Filter").asDouble(0);
    }

    /** Rows the node looked at over all its loops: those it produced and those it threw away (EXPLAIN ANALYZE). */
    public double rowsExamined() {
        return actualRows < 0 ? -1 : (actualRows + Math.max(0, rowsRemoved)) * loops;
    }

    /**
     * The table and index pages this node and those below touched (EXPLAIN (ANALYZE, BUFFERS)), 0 when not measured:
     * the work a plan does, counted the same on every run and every machine, where time is not.
     */
    public long pagesTouched() {
        return Math.max(sharedBlocks, 0);
    }

    /** This node and all below it, depth first. */
    public Stream<PlanNode> flatten() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::flatten));
    }

    public boolean scans(String table) {
        return relation.equalsIgnoreCase(table);
    }

    public boolean isSeqScan() {
        return type.equals("Seq Scan") || type.equals("Parallel Seq Scan");
    }

    public boolean isSort() {
        return type.equals("Sort") || type.equals("Incremental Sort");
    }

    /** A one-line description like EXPLAIN's text format: "Index Scan using i on audit_logs (rows=50)". */
    public String describe() {
        StringBuilder s = new StringBuilder(type);
        if (!index.isEmpty()) {
            s.append(" using ").append(index);
        }
        if (!relation.isEmpty()) {
            s.append(" on ").append(relation);
        }
        if (!sortKeys.isEmpty()) {
            s.append(" (key: ").append(String.join(", ", sortKeys)).append(')');
        }
        s.append(String.format(Locale.ROOT, "  [est. %,.0f rows", estimatedRows));
        if (actualRows >= 0) {
            s.append(String.format(Locale.ROOT, ", actual %,.0f × %,.0f loops", actualRows, loops));
            if (rowsRemoved > 0) {
                s.append(String.format(Locale.ROOT, ", %,.0f removed", rowsRemoved));
            }
        }
        if (sharedBlocks >= 0) {
            s.append(String.format(Locale.ROOT, ", %,d pages", sharedBlocks));
        }
        return s.append(']').toString();
    }
}
