package dev.roadlab.engine.web;

import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.engine.submissions.SubmissionStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses them) of the API's bodies, named once and referenced from
 * every operation as {@code #/components/schemas/NAME}. Objects are closed ({@code additionalProperties: false}):
 * the OpenAPI test then fails when a response grows a field the document does not name.
 */
final class ApiSchemas {

    private ApiSchemas() {
    }

    static ObjectNode string() {
        return Json.object().put("type", "string");
    }

    static ObjectNode integer() {
        return Json.object().put("type", "integer");
    }

    static ObjectNode dateTime() {
        return string().put("format", "date-time");
    }

    static ObjectNode constant(String value) {
        return string().put("const", value);
    }

    static ObjectNode oneOf(String... values) {
        ObjectNode schema = string();
        ArrayNode e = schema.putArray("enum");
        Arrays.stream(values).forEach(e::add);
        return schema;
    }

    static ObjectNode arrayOf(ObjectNode items) {
        ObjectNode schema = Json.object().put("type", "array");
        schema.set("items", items);
        return schema;
    }

    static ObjectNode ref(String name) {
        return Json.object().put("$ref", "#/components/schemas/" + name);
    }

    static ObjectNode orNull(ObjectNode schema) {
        ObjectNode either = Json.object();
        either.putArray("oneOf").add(schema).add(Json.object().put("type", "null"));
        return either;
    }

    /** A closed object: {@code required} fields, then optional ones. */
    static final class Shape {
        private final ObjectNode schema = Json.object().put("type", "object");
        private final ObjectNode properties = schema.putObject("properties");
        private final ArrayNode required = schema.putArray("required");

        Shape description(String text) {
            schema.put("description", text);
            return this;
        }

        Shape required(String name, ObjectNode property) {
            properties.set(name, property);
            required.add(name);
            return this;
        }

        Shape optional(String name, ObjectNode property) {
            properties.set(name, property);
            return this;
        }

        ObjectNode build() {
            schema.put("additionalProperties", false);
            return schema;
        }
    }

    static Shape shape() {
        return new Shape();
    }

    private static String[] verdicts() {
        return Arrays.stream(Verdict.values()).map(Verdict::wireName).toArray(String[]::new);
    }

    /** Every named schema, for {@code components.schemas}. */
    static Map<String, ObjectNode> components() {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        all.put("Error", shape().description("Why a request was refused, in words to show a person.")
                .required("error", string())
                .optional("problems", arrayOf(string()))
                .build());
        all.put("TooSoon", shape().description("The caller's submission budget for this lab is used up for now.")
                .required("error", string())
                .required("retry_after_seconds", integer())
                .required("next_attempt_at", dateTime())
                .required("budget", string())
                .build());
        all.put("LabFile", shape()
                .required("name", string())
                .required("max_bytes", integer())
                .required("description", string())
                .build());
        all.put("Lab", shape()
                .required("id", string())
                .required("title", string())
                .required("summary", string())
                .required("max_score", integer())
                .required("files", arrayOf(ref("LabFile")))
                .build());
        all.put("Labs", shape().required("labs", arrayOf(ref("Lab"))).build());
        all.put("SubmissionAccepted", shape()
                .required("id", string())
                .required("lab", string())
                .required("status", constant(SubmissionStatus.QUEUED.wireName()))
                .required("links", shape()
                        .required("self", string())
                        .required("events", string())
                        .required("page", string())
                        .build())
                .build());
        all.put("Submission", shape()
                .required("id", string())
                .required("lab", string())
                .required("status", oneOf(Arrays.stream(SubmissionStatus.values()).map(SubmissionStatus::wireName)
                        .toArray(String[]::new)))
                .required("max_score", integer())
                .required("created_at", dateTime())
                .optional("finished_at", dateTime())
                .required("report", orNull(ref("Report")))
                .build());
        all.put("Check", shape()
                .required("id", string())
                .required("title", string())
                .required("verdict", oneOf(verdicts()))
                .required("points", integer())
                .required("max_points", integer())
                .required("message", string())
                .required("hint", string())
                .required("duration_ms", integer())
                .optional("declared_title", string())
                .optional("hint_step", integer())
                .optional("hint_steps", integer())
                .optional("teaches", string())
                .build());
        all.put("Report", shape().description("A grading report, roadlab.report/1 (docs/report-format.md).")
                .required("schema", constant(GradeReport.SCHEMA))
                .required("lab", string())
                .required("verdict", oneOf(verdicts()))
                .required("score", integer())
                .required("max_score", integer())
                .required("message", string())
                .required("attempts", integer())
                .required("retries", arrayOf(string()))
                .required("timings", shape()
                        .required("queued_ms", integer())
                        .required("sandbox_lease_ms", integer())
                        .required("checks_ms", integer())
                        .optional("setup_ms", integer())
                        .optional("overhead_ms", integer())
                        .build())
                .required("checks", arrayOf(ref("Check")))
                .build());
        return all;
    }

    /** The {@code data} of each event of a submission's stream (see {@link SubmissionPages#events}). */
    static ObjectNode queuedEvent() {
        return shape().required("position", integer()).build();
    }

    static ObjectNode startedEvent() {
        return progress(shape()).build();
    }

    static ObjectNode checkEvent() {
        return progress(shape())
                .required("id", string())
                .required("title", string())
                .required("verdict", oneOf(verdicts()))
                .required("points", integer())
                .required("max_points", integer())
                .required("duration", string())
                .required("millis", integer())
                .required("done", integer())
                .build();
    }

    static ObjectNode retryingEvent() {
        return progress(shape()).required("reason", string()).build();
    }

    static ObjectNode doneEvent() {
        return shape().required("page", string()).build();
    }

    private static Shape progress(Shape shape) {
        return shape.required("kind", string())
                .required("elapsed", string())
                .required("elapsed_ms", integer())
                .required("total", integer());
    }
}
