package dev.roadlab.grader.report;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one writer (and reader) of the {@code roadlab.report/1} JSON format; see docs/report-format.md. */
public final class ReportJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ReportJson() {
    }

    public static String write(GradeReport report) {
        return MAPPER.writeValueAsString(toTree(report));
    }

    public static String writePretty(GradeReport report) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report));
    }

    public static ObjectNode toTree(GradeReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", GradeReport.SCHEMA);
        root.put("lab", report.lab());
        root.put("verdict", report.verdict().wireName());
        root.put("score", report.score());
        root.put("max_score", report.maxScore());
        root.put("message", report.message());
        root.put("attempts", report.attempts());
        ArrayNode retries = root.putArray("retries");
        report.retries().forEach(retries::add);
        ObjectNode timings = root.putObject("timings");
        timings.put("queued_ms", report.timings().queuedMillis());
        timings.put("sandbox_lease_ms", report.timings().leaseMillis());
        timings.put("checks_ms", report.timings().checksMillis());
        timings.put("setup_ms", report.timings().setupMillis());
        timings.put("overhead_ms", report.timings().overheadMillis());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : report.checks()) {
            ObjectNode node = checks.addObject();
            node.put("id", check.id());
            node.put("title", check.title());
            node.put("verdict", check.verdict().wireName());
            node.put("points", check.points());
            node.put("max_points", check.maxPoints());
            node.put("message", check.message());
            node.put("hint", check.hint());
            node.put("duration_ms", check.millis());
            if (check.retitled()) {
                node.put("declared_title", check.declaredTitle());
            }
            if (check.hintStep() > 0) {
                node.put("hint_step", check.hintStep());
                node.put("hint_steps", check.hintSteps());
            }
            if (!check.teaches().isEmpty()) {
                node.put("teaches", check.teaches());
            }
        }
        return root;
    }

    public static GradeReport read(String json) {
        JsonNode root = MAPPER.readTree(json);
        String schema = root.path("schema").asString("");
        if (!GradeReport.SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("not a " + GradeReport.SCHEMA + " report: schema '" + schema + "'");
        }
        JsonNode t = root.path("timings");
        Timings timings = new Timings(t.path("queued_ms").asLong(), t.path("sandbox_lease_ms").asLong(),
                t.path("checks_ms").asLong(), t.path("setup_ms").asLong(), t.path("overhead_ms").asLong());
        List<String> retries = new ArrayList<>();
        root.path("retries").forEach(r -> retries.add(r.asString()));
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode c : root.path("checks")) {
            checks.add(new CheckResult(c.path("id").asString(), c.path("title").asString(),
                    Verdict.fromWireName(c.path("verdict").asString()), c.path("points").asInt(),
                    c.path("max_points").asInt(), c.path("message").asString(""), c.path("hint").asString(""),
                    c.path("duration_ms").asLong(), c.path("declared_title").asString(""),
                    c.path("hint_step").asInt(1), c.path("hint_steps").asInt(1), c.path("teaches").asString("")));
        }
        return new GradeReport(root.path("lab").asString(), Verdict.fromWireName(root.path("verdict").asString()),
                root.path("score").asInt(), root.path("max_score").asInt(), root.path("message").asString(""),
                timings, checks, root.path("attempts").asInt(1), retries);
    }
}
