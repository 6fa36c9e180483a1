package dev.roadlab.grader.postgres;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A query plan from {@code EXPLAIN (FORMAT JSON)}, with the questions checks ask of plans. */
public final class QueryPlan {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String query;
    private final PlanNode root;
    private final double planningMillis;
    private final double executionMillis;

    private QueryPlan(String query, PlanNode root, double planningMillis, double executionMillis) {
        this.query = query;
        this.root = root;
        this.planningMillis = planningMillis;
        this.executionMillis = executionMillis;
    }

    /** Parses EXPLAIN's JSON output (an array with one object holding "Plan"). */
    public static QueryPlan parse(String query, String explainJson) {
        JsonNode top = MAPPER.readTree(explainJson);
        JsonNode first = top.isArray() ? top.path(0) : top;
        if (!first.has("Plan")) {
            throw new IllegalArgumentException("not EXPLAIN (FORMAT JSON) output: " + explainJson);
        }
        return new QueryPlan(query, PlanNode.from(first.path("Plan")),
                first.path("Planning Time").asDouble(-1), first.path("Execution Time").asDouble(-1));
    }

    public String query() {
        return query;
    }

    public PlanNode root() {
        return root;
    }

    public Stream<PlanNode> nodes() {
        return root.flatten();
    }

    public List<PlanNode> seqScansOf(String table) {
        return nodes().filter(n -> n.isSeqScan() && n.scans(table)).toList();
    }

    /** The pages the whole plan touched (EXPLAIN (ANALYZE, BUFFERS)). */
    public long pagesTouched() {
        return root.pagesTouched();
    }

    public List<PlanNode> sorts() {
        return nodes().filter(PlanNode::isSort).toList();
    }

    /** Execution time reported by EXPLAIN ANALYZE; empty for a plain EXPLAIN. */
    public OptionalDouble executionMillis() {
        return executionMillis >= 0 ? OptionalDouble.of(executionMillis) : OptionalDouble.empty();
    }

    public double planningMillis() {
        return planningMillis;
    }

    /** The plan as an indented tree, like EXPLAIN's text format, for messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        describe(root, 0, out);
        return out.toString().stripTrailing();
    }

    private static void describe(PlanNode node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(depth == 0 ? "" : "-> ").append(node.describe()).append('\n');
        for (PlanNode child : node.children()) {
            describe(child, depth + 1, out);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
