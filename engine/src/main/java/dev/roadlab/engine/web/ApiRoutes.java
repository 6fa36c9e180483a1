package dev.roadlab.engine.web;

import static dev.roadlab.engine.web.ApiSchemas.ref;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.web.ApiRoute.Body;
import dev.roadlab.engine.web.ApiRoute.Event;
import dev.roadlab.engine.web.ApiRoute.Response;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON API, every operation declared once as an {@link ApiRoute}: {@link #register} puts them on Javalin and
 * {@link #openApi} describes the same list as an OpenAPI 3.1 document ({@code GET /api/openapi.json}). A route added
 * anywhere else under {@code /api} fails the OpenAPI test, which compares this list with what Javalin serves.
 */
final class ApiRoutes {

    private static final Response INVALID_TOKEN = Response.json(401,
            "The bearer token is unknown, expired or revoked, or (on a hosted server) no credential was sent.",
            ref("Error"));
    private static final Response MISSING_SCOPE = Response.json(403,
            "The token lacks the scope this operation needs.", ref("Error"));

    private final Roadlab roadlab;
    private final Site site;
    private final List<ApiRoute> routes;
    private final String document;

    ApiRoutes(Roadlab roadlab, Site site, SubmissionApi api, SubmissionPages pages, CohortPages cohorts) {
        this.roadlab = roadlab;
        this.site = site;
        this.routes = List.of(
                new ApiRoute(HandlerType.GET, "/api/openapi.json", "getOpenApi", "This document",
                        "The OpenAPI 3.1 description of this API, generated from the routes the server registers.",
                        Set.of(), true, true, Optional.empty(),
                        List.of(Response.json(200, "The document.", ApiSchemas.shape()
                                        .required("openapi", ApiSchemas.string())
                                        .required("info", Json.object().put("type", "object"))
                                        .required("jsonSchemaDialect", ApiSchemas.string())
                                        .required("servers", ApiSchemas.arrayOf(Json.object().put("type", "object")))
                                        .required("paths", Json.object().put("type", "object"))
                                        .required("components", Json.object().put("type", "object"))
                                        .build()),
                                INVALID_TOKEN),
                        this::serveDocument),
                new ApiRoute(HandlerType.GET, "/api/labs", "listLabs", "The labs and the files each takes",
                        "Every lab this server grades, with the files a submission must contain and their size"
                                + " limits.",
                        Set.of(), false, true, Optional.empty(),
                        List.of(Response.json(200, "The labs, in catalog order.", ref("Labs")), INVALID_TOKEN),
                        api::labs),
                new ApiRoute(HandlerType.POST, "/api/labs/{lab}/submissions", "createSubmission",
                        "Submit files for grading",
                        "One multipart part per file, named after the file. The submission is queued; follow"
                                + " links.events for its progress and links.self for its report.",
                        Set.of(Scope.SUBMIT), false, false,
                        Optional.of(new Body("multipart/form-data", "The lab's files, one part each.",
                                fileParts())),
                        List.of(Response.json(202, "Accepted and queued (Location: the submission).",
                                        ref("SubmissionAccepted")),
                                Response.json(400, "The files were not accepted (each problem named).",
                                        ref("Error")),
                                INVALID_TOKEN, MISSING_SCOPE,
                                Response.json(404, "There is no such lab.", ref("Error")),
                                Response.json(413, "The upload is larger than any lab takes.", ref("Error")),
                                Response.json(429, "The submission budget for this lab is used up for now"
                                        + " (Retry-After: seconds until the next attempt).", ref("TooSoon"))),
                        api::create),
                new ApiRoute(HandlerType.GET, "/api/submissions/{id}", "getSubmission",
                        "A submission's status, then its report",
                        "report is null until status is done.",
                        Set.of(Scope.READ), false, true, Optional.empty(),
                        List.of(Response.json(200, "The submission.", ref("Submission")),
                                INVALID_TOKEN, MISSING_SCOPE,
                                Response.json(404, "There is no such submission, or it is not the caller's.",
                                        ref("Error"))),
                        api::get),
                new ApiRoute(HandlerType.GET, "/api/submissions/{id}/events", "streamSubmissionEvents",
                        "A submission's progress as server-sent events",
                        "queued (with the position) while it waits, started, a check event per finished check and"
                                + " retrying while it is graded, then done, after which the stream ends. Send"
                                + " Accept: text/event-stream. Events carry ids: send Last-Event-ID to resume.",
                        Set.of(Scope.READ), false, false, Optional.empty(),
                        List.of(Response.stream("The stream; each event's data is JSON.", List.of(
                                        new Event("queued", "Waiting for a worker.", ApiSchemas.queuedEvent()),
                                        new Event("started", "A worker started the checks.",
                                                ApiSchemas.startedEvent()),
                                        new Event("check", "A check finished.", ApiSchemas.checkEvent()),
                                        new Event("retrying", "A sandbox failed (our fault); grading again.",
                                                ApiSchemas.retryingEvent()),
                                        new Event("done", "Graded: GET the submission for its report.",
                                                ApiSchemas.doneEvent()))),
                                INVALID_TOKEN, MISSING_SCOPE,
                                Response.json(404, "There is no such submission, or it is not the caller's.",
                                        ref("Error"))),
                        pages::events),
                new ApiRoute(HandlerType.GET, "/api/cohorts/{id}/gradebook.csv", "getGradebookCsv",
                        "A cohort's gradebook as CSV",
                        "Learner by lab, in the gradebook page's stable column order: login, name, then per lab"
                                + " best, max, attempts, last_submitted_at, late. Takes the page's sort and filter"
                                + " query parameters. For instructors of the cohort (and admins).",
                        Set.of(Scope.GRADEBOOK), false, true, Optional.empty(),
                        List.of(Response.csv("The gradebook, a header line then one line per learner."),
                                Response.json(400, "A sort or filter parameter is not understood.", ref("Error")),
                                INVALID_TOKEN,
                                Response.json(403, "The caller runs no cohorts, or the token lacks the gradebook"
                                        + " scope.", ref("Error")),
                                Response.json(404, "There is no such cohort, or the caller does not run it.",
                                        ref("Error"))),
                        cohorts::gradebookCsv));
        this.document = Json.MAPPER.writeValueAsString(openApi());
    }

    List<ApiRoute> routes() {
        return routes;
    }

    /** Registers every route under {@code prefix} (the base path), wrapped so its failures answer JSON. */
    void register(RoutesConfig javalin, String prefix) {
        for (ApiRoute route : routes) {
            var handler = route.open() ? site.openApi(route.handler()) : site.api(route.handler());
            javalin.addEndpoint(new Endpoint(route.method(), prefix + route.path(), handler));
            if (route.head()) {
                javalin.addEndpoint(new Endpoint(HandlerType.HEAD, prefix + route.path(), handler));
            }
        }
    }

    private void serveDocument(Context ctx) {
        ctx.status(200).contentType("application/json").result(document);
    }

    /** The OpenAPI 3.1 document of {@link #routes}. */
    ObjectNode openApi() {
        ObjectNode doc = Json.object().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Roadlab API: " + roadlab.course().title())
                .put("version", "1")
                .put("description", "Submit files to a lab and read the verdict. Authenticate with a personal access"
                        + " token (Authorization: Bearer rl_..., made at " + site.urls().accountTokens() + ");"
                        + " a single-user server also answers without one.");
        doc.put("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");
        doc.putArray("servers").addObject().put("url", site.urls().base().isEmpty() ? "/" : site.urls().base());
        ObjectNode paths = doc.putObject("paths");
        for (ApiRoute route : routes) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path())
                    : paths.putObject(route.path());
            item.set(route.method().name().toLowerCase(Locale.ROOT), operation(route, false));
            if (route.head()) {
                item.set("head", operation(route, true));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ApiSchemas.components().forEach(schemas::set);
        components.putObject("securitySchemes").putObject("token")
                .put("type", "http").put("scheme", "bearer")
                .put("description", "A personal access token; its scopes are listed on each operation.");
        return doc;
    }

    private static ObjectNode operation(ApiRoute route, boolean head) {
        ObjectNode op = Json.object()
                .put("operationId", route.operationId() + (head ? "Head" : ""))
                .put("summary", route.summary() + (head ? " (headers only)" : ""))
                .put("description", route.description());
        List<String> parameters = pathParameters(route.path());
        if (!parameters.isEmpty()) {
            ArrayNode params = op.putArray("parameters");
            parameters.forEach(name -> params.addObject().put("name", name).put("in", "path").put("required", true)
                    .set("schema", ApiSchemas.string()));
        }
        ArrayNode security = op.putArray("security");
        ArrayNode scopes = security.addObject().putArray("token");
        route.scopes().stream().map(Scope::wireName).sorted().forEach(scopes::add);
        security.addObject(); // none: a single-user server, or an open operation
        route.request().filter(b -> !head).ifPresent(body -> op.putObject("requestBody").put("required", true)
                .put("description", body.description())
                .putObject("content").putObject(body.mediaType()).set("schema", body.schema()));
        ObjectNode responses = op.putObject("responses");
        for (Response response : route.responses()) {
            ObjectNode r = responses.putObject(String.valueOf(response.status()))
                    .put("description", response.description());
            if (!head && response.mediaType().isPresent()) {
                ObjectNode media = r.putObject("content").putObject(response.mediaType().get());
                response.schema().ifPresent(s -> media.set("schema", s));
                if (!response.events().isEmpty()) {
                    ObjectNode events = media.putObject("x-roadlab-events");
                    response.events().forEach(e -> events.putObject(e.name()).put("description", e.description())
                            .set("schema", e.schema()));
                }
            }
        }
        return op;
    }

    /** The {@code {name}} segments of a path, in order. */
    static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\{([a-z]+)}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static ObjectNode fileParts() {
        ObjectNode schema = Json.object().put("type", "object")
                .put("description", "Field name: the file's name (as the lab lists it); value: its content.");
        schema.putObject("additionalProperties").put("type", "string")
                .put("contentMediaType", "application/octet-stream");
        return schema;
    }
}
