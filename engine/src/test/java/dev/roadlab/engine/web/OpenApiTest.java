package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document against the server it describes: the same operations as Javalin has registered under
 * {@code /api}, every documented status produced by a real request, every body valid against its documented schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {

    static final String LAB = "audit-log-indexes";
    static final String SOLUTION = """
            CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
            CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);
            """;
    static final String NOT_A_TOKEN = "rl_" + "A".repeat(43);
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    TestServer server;
    JsonNode document;
    String full;
    String readOnly;
    String submitOnly;
    String gradebook;
    long cohort;
    /** "METHOD /path/{template} STATUS" of every request made. */
    final Set<String> produced = new TreeSet<>();

    @BeforeAll
    void start() {
        // One attempt an hour at the lab, so that the second accepted-looking upload meets the budget's 429.
        server = TestServer.onH2("openapi", TestSandboxes.servers(), 1, config -> config.withHosting(
                config.hosting().withSubmissionBudget(Optional.empty(), Map.of(LAB, "1/1h"))));
        Account alice = server.roadlab().accounts().create("alice", "Alice", "correct horse battery staple",
                Role.LEARNER, Optional.empty());
        Caller browser = Caller.signedIn(alice, "127.0.0.1");
        var tokens = server.roadlab().accessTokens();
        full = tokens.create(browser, "full", Set.of(Scope.SUBMIT, Scope.READ), Optional.empty()).secret();
        readOnly = tokens.create(browser, "read", Set.of(Scope.READ), Optional.empty()).secret();
        submitOnly = tokens.create(browser, "submit", Set.of(Scope.SUBMIT), Optional.empty()).secret();
        // Ivy runs a cohort Alice is in; her token may read its gradebook.
        Account ivy = server.roadlab().accounts().create("ivy", "Ivy", "correct horse battery staple",
                Role.INSTRUCTOR, Optional.empty());
        Caller ivyBrowser = Caller.signedIn(ivy, "127.0.0.1");
        cohort = server.roadlab().cohorts().create(ivyBrowser, "Ivy's cohort", server.roadlab().course().id())
                .id().value();
        server.roadlab().cohorts().join(browser, server.roadlab().cohorts()
                .createInvite(ivyBrowser, new dev.roadlab.engine.cohorts.CohortId(cohort), 7).orElseThrow().token());
        gradebook = tokens.create(ivyBrowser, "gradebook", Set.of(Scope.GRADEBOOK), Optional.empty()).secret();
        HttpResponse<String> doc = server.get("/api/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        document = TestServer.json(doc);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void the_document_has_exactly_the_api_routes_javalin_serves() {
        Set<String> served = new TreeSet<>(server.registeredRoutes().stream().filter(r -> r.contains(" /api/"))
                .toList());
        String csv = "/api/cohorts/{id}/gradebook.csv";
        String csvPath = "/api/cohorts/" + cohort + "/gradebook.csv";
        HttpResponse<String> book = server.get(csvPath, "Authorization", "Bearer " + gradebook);
        assertThat(book.statusCode()).as(book.body()).isEqualTo(200);
        assertThat(book.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(book.body().lines().toList()).hasSize(2).first().asString().startsWith("login,name,");
        assertThat(book.body().lines().toList().get(1)).startsWith("alice,Alice,");
        produced.add("GET " + csv + " 200");
        HttpResponse<String> bookHead = server.send(HttpRequest.newBuilder(server.uri(csvPath))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + gradebook).build());
        assertThat(bookHead.statusCode()).isEqualTo(200);
        produced.add("HEAD " + csv + " 200");
        both(csv, csvPath + "?sort=nonsense", 400, "Authorization", "Bearer " + gradebook);
        both(csv, csvPath, 401, "Authorization", "Bearer " + NOT_A_TOKEN);
        both(csv, csvPath, 403, "Authorization", "Bearer " + full);
        both(csv, "/api/cohorts/999999/gradebook.csv", 404, "Authorization", "Bearer " + gradebook);

        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(served).isNotEmpty().isEqualTo(documented);
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(document.path("paths").path("/api/labs/{lab}/submissions").path("post").path("security")
                .path(0).path("token")).extracting(JsonNode::asString).containsExactly("submit");
    }

    @Test
    void every_documented_status_is_produced_and_every_body_matches_its_schema() throws Exception {
        String submissions = "/api/labs/{lab}/submissions";
        String submission = "/api/submissions/{id}";
        String events = "/api/submissions/{id}/events";

        both("/api/openapi.json", "/api/openapi.json", 200);
        both("/api/openapi.json", "/api/openapi.json", 401, "Authorization", "Bearer " + NOT_A_TOKEN);
        JsonNode labs = both("/api/labs", "/api/labs", 200, "Authorization", "Bearer " + full);
        assertThat(labs.path("labs").findValuesAsString("id")).contains(LAB);
        both("/api/labs", "/api/labs", 401, "Authorization", "Bearer " + NOT_A_TOKEN);

        String path = "/api/labs/" + LAB + "/submissions";
        JsonNode accepted = post(submissions, path, 202, List.of(Part.file("file", "migration.sql", SOLUTION)),
                full);
        String id = accepted.path("id").asString();
        assertThat(accepted.path("links").path("events").asString()).isEqualTo("/api/submissions/" + id + "/events");
        post(submissions, path, 400, List.of(Part.file("file", "schema.sql", SOLUTION)), full);
        post(submissions, path, 401, List.of(Part.file("file", "migration.sql", SOLUTION)), NOT_A_TOKEN);
        post(submissions, path, 403, List.of(Part.file("file", "migration.sql", SOLUTION)), readOnly);
        post(submissions, "/api/labs/no-such-lab/submissions", 404,
                List.of(Part.file("file", "migration.sql", SOLUTION)), full);
        post(submissions, path, 413, List.of(new Part("file", "migration.sql",
                new byte[(int) Uploads.MAX_REQUEST_BYTES + 1])), full);
        JsonNode tooSoon = post(submissions, path, 429, List.of(Part.file("file", "migration.sql", SOLUTION)), full);
        assertThat(tooSoon.path("budget").asString()).isEqualTo("1/1h");

        List<JsonNode> streamed = stream(events, id, full);
        assertThat(streamed).last().satisfies(e -> assertThat(e.path("event").asString()).isEqualTo("done"));
        assertThat(streamed).filteredOn(e -> e.path("event").asString().equals("check")).hasSize(7);
        stream(events, id, submitOnly);
        stream(events, id, NOT_A_TOKEN);
        stream(events, "00000000-0000-4000-8000-000000000000", full);

        JsonNode done = both(submission, "/api/submissions/" + id, 200, "Authorization", "Bearer " + full);
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertThat(done.path("report").path("verdict").asString()).isEqualTo("passed");
        both(submission, "/api/submissions/" + id, 401, "Authorization", "Bearer " + NOT_A_TOKEN);
        both(submission, "/api/submissions/" + id, 403, "Authorization", "Bearer " + submitOnly);
        both(submission, "/api/submissions/00000000-0000-4000-8000-000000000000", 404,
                "Authorization", "Bearer " + full);

        String csv = "/api/cohorts/{id}/gradebook.csv";
        String csvPath = "/api/cohorts/" + cohort + "/gradebook.csv";
        HttpResponse<String> book = server.get(csvPath, "Authorization", "Bearer " + gradebook);
        assertThat(book.statusCode()).as(book.body()).isEqualTo(200);
        assertThat(book.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(book.body().lines().toList()).hasSize(2).first().asString().startsWith("login,name,");
        assertThat(book.body().lines().toList().get(1)).startsWith("alice,Alice,");
        produced.add("GET " + csv + " 200");
        HttpResponse<String> bookHead = server.send(HttpRequest.newBuilder(server.uri(csvPath))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + gradebook).build());
        assertThat(bookHead.statusCode()).isEqualTo(200);
        produced.add("HEAD " + csv + " 200");
        both(csv, csvPath + "?sort=nonsense", 400, "Authorization", "Bearer " + gradebook);
        both(csv, csvPath, 401, "Authorization", "Bearer " + NOT_A_TOKEN);
        both(csv, csvPath, 403, "Authorization", "Bearer " + full);
        both(csv, "/api/cohorts/999999/gradebook.csv", 404, "Authorization", "Bearer " + gradebook);

        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> op.getValue()
                .path("responses").propertyNames().forEach(status -> documented.add(
                        op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey() + " " + status))));
        assertThat(produced).isEqualTo(documented);
    }

    /** A GET (body checked against its schema) and the same HEAD (same status, no body). */
    private JsonNode both(String template, String path, int status, String... headers) {
        HttpResponse<String> get = server.get(path, headers);
        assertThat(get.statusCode()).as("GET " + path + ": " + get.body()).isEqualTo(status);
        JsonNode body = checked("get", template, get);
        HttpRequest.Builder head = HttpRequest.newBuilder(server.uri(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            head.headers(headers);
        }
        HttpResponse<String> headResponse = server.send(head.build());
        assertThat(headResponse.statusCode()).as("HEAD " + path).isEqualTo(status);
        assertThat(headResponse.body()).isEmpty();
        produced.add("HEAD " + template + " " + status);
        assertThat(document.path("paths").path(template).path("head").path("responses").has(String.valueOf(status)))
                .as("HEAD %s %s is documented", template, status).isTrue();
        return body;
    }

    private JsonNode post(String template, String path, int status, List<Part> parts, String token) {
        HttpResponse<String> response = server.postMultipart(path, parts, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(status);
        return checked("post", template, response);
    }

    /** The events of a stream, each {"event": name, "data": ...}, its data checked against the event's schema. */
    private List<JsonNode> stream(String template, String id, String token) throws Exception {
        HttpResponse<Stream<String>> response = server.http().send(HttpRequest.newBuilder(
                        server.uri("/api/submissions/" + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofLines());
        int status = response.statusCode();
        produced.add("GET " + template + " " + status);
        JsonNode documented = response(template, "get", status);
        if (status != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            valid(documented.path("content").path("application/json").path("schema"), TestServer.json(body));
            return List.of();
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        JsonNode kinds = documented.path("content").path("text/event-stream").path("x-roadlab-events");
        List<JsonNode> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String name = "message";
            StringBuilder data = new StringBuilder();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty() && !data.isEmpty()) {
                    JsonNode parsed = TestServer.json(data.toString());
                    assertThat(kinds.has(name)).as("event '%s' is documented", name).isTrue();
                    valid(kinds.path(name).path("schema"), parsed);
                    ObjectNode event = Json.object().put("event", name);
                    event.set("data", parsed);
                    events.add(event);
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
        return events;
    }

    /** Records the status, checks it is documented and the body against the documented schema; the body. */
    private JsonNode checked(String method, String template, HttpResponse<String> response) {
        produced.add(method.toUpperCase(Locale.ROOT) + " " + template + " " + response.statusCode());
        JsonNode documented = response(template, method, response.statusCode());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode body = TestServer.json(response);
        valid(documented.path("content").path("application/json").path("schema"), body);
        return body;
    }

    private JsonNode response(String template, String method, int status) {
        JsonNode documented = document.path("paths").path(template).path(method).path("responses")
                .path(String.valueOf(status));
        assertThat(documented.isMissingNode()).as("%s %s %s is documented", method, template, status).isFalse();
        return documented;
    }

    /** Validates against a schema of the document, its {@code #/components/schemas/...} references resolved. */
    private void valid(JsonNode schema, JsonNode instance) {
        assertThat(errors(schema, instance)).as("%s against %s", instance, schema).isEmpty();
    }

    private List<Error> errors(JsonNode schema, JsonNode instance) {
        assertThat(schema.isObject()).as("a schema").isTrue();
        ObjectNode standalone = ((ObjectNode) schema).deepCopy();
        standalone.set("components", document.path("components"));
        Schema compiled = SCHEMAS.getSchema(standalone);
        return compiled.validate(instance);
    }

    @Test
    void the_schemas_refuse_a_body_that_differs_from_them() {
        JsonNode labs = document.at("/paths/~1api~1labs/get/responses/200/content/application~1json/schema");
        assertThat(errors(labs, TestServer.json("{\"labs\": [{\"id\": \"x\", \"title\": \"X\"}]}")))
                .as("a lab without its files, summary and score").isNotEmpty();
        assertThat(errors(labs, TestServer.json("{\"labs\": [], \"extra\": 1}"))).as("an unnamed field").isNotEmpty();
    }

    @Test
    void the_document_is_served_to_anyone_and_names_every_schema_it_references() {
        Set<String> refs = new TreeSet<>(document.findValuesAsString("$ref"));
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(document.at(ref.substring(1)).isObject())
                .as(ref).isTrue());
        assertThat(document.path("info").path("title").asString()).startsWith("Roadlab API");
    }
}
