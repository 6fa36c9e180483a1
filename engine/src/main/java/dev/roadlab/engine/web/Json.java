package dev.roadlab.engine.web;

import io.javalin.http.Context;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Roadlab's JSON responses, written with its own mapper so a host app's JSON settings cannot change them. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void send(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
    }

    /** {"error": message, "problems": [...]} */
    static void error(Context ctx, int status, String message, List<String> problems) {
        ObjectNode body = object().put("error", message);
        if (!problems.isEmpty()) {
            problems.forEach(body.putArray("problems")::add);
        }
        send(ctx, status, body);
    }
}
