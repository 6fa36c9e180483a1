package dev.roadlab.engine.web;

import dev.roadlab.engine.accounts.Scope;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operation of the JSON API, declared once: {@link ApiRoutes} registers its Javalin route from this and writes
 * its OpenAPI operation from this, so the document cannot drift from what is served.
 *
 * @param method      GET or POST
 * @param path        under the base path, in the syntax Javalin and OpenAPI share ({@code /api/submissions/{id}})
 * @param operationId a stable name for generated clients
 * @param summary     one line
 * @param description what a caller needs to know beyond the summary
 * @param scopes      what a token must hold (none: anyone the server lets in)
 * @param open        reachable without signing in even on a hosted server
 * @param head        also answers HEAD, like its GET without the body
 * @param request     the body it reads, if any
 * @param responses   every status it answers with
 * @param handler     the HTTP in/out (wrapped by {@link Site#api} or {@link Site#openApi})
 */
record ApiRoute(HandlerType method, String path, String operationId, String summary, String description,
                Set<Scope> scopes, boolean open, boolean head, Optional<Body> request, List<Response> responses,
                Handler handler) {

    ApiRoute {
        scopes = Set.copyOf(scopes);
        responses = List.copyOf(responses);
    }

    /** A request body: its media type and schema. */
    record Body(String mediaType, String description, ObjectNode schema) {
    }

    /**
     * A response: status, what it means, and its body's media type and schema (empty for none).
     *
     * @param events for {@code text/event-stream}, each event's name and the schema of its {@code data}
     */
    record Response(int status, String description, Optional<String> mediaType, Optional<ObjectNode> schema,
                    List<Event> events) {

        static Response json(int status, String description, ObjectNode schema) {
            return new Response(status, description, Optional.of("application/json"), Optional.of(schema), List.of());
        }

        static Response csv(String description) {
            return new Response(200, description, Optional.of("text/csv"), Optional.of(ApiSchemas.string()),
                    List.of());
        }

        static Response stream(String description, List<Event> events) {
            return new Response(200, description, Optional.of("text/event-stream"),
                    Optional.of(ApiSchemas.string()), events);
        }
    }

    /** A server-sent event: its {@code event:} name and the schema of its {@code data:} JSON. */
    record Event(String name, String description, ObjectNode schema) {
    }
}
