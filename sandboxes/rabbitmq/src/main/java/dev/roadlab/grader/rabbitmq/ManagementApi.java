package dev.roadlab.grader.rabbitmq;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RabbitMQ's management HTTP API, as one user: the admin (vhosts, users, permissions, limits, definitions,
 * connections) or, in the grader's own tests, a run's user (who must be refused).
 */
final class ManagementApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The API answered with an error status. */
    static final class Refused extends RuntimeException {
        private final int status;
        private final String reason;

        Refused(String what, int status, String reason) {
            super(what + ": HTTP " + status + (reason.isEmpty() ? "" : " " + reason));
            this.status = status;
            this.reason = reason;
        }

        int status() {
            return status;
        }

        /** The broker's own words ("reason" of its JSON error), or the body. */
        String reason() {
            return reason;
        }
    }

    /** The API could not be reached at all. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    ManagementApi(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One path segment: a vhost, a queue or a user name ("/" becomes %2F). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return find(path).orElseThrow(() -> new Refused("GET " + path, 404, "Not Found"));
    }

    /** The resource, or empty when it does not exist. */
    Optional<JsonNode> find(String path) {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check("GET " + path, response);
        return Optional.of(JSON.readTree(response.body()));
    }

    /** The elements of a listing. */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        get(path).forEach(items::add);
        return items;
    }

    void put(String path, Object body) {
        check("PUT " + path, send("PUT", path, JSON.writeValueAsString(body)));
    }

    void post(String path, Object body) {
        check("POST " + path, send("POST", path, body instanceof String text ? text : JSON.writeValueAsString(body)));
    }

    /** Deletes a resource; one that is already gone is fine. */
    void delete(String path) {
        HttpResponse<String> response = send("DELETE", path, null);
        if (response.statusCode() != 404) {
            check("DELETE " + path, response);
        }
    }

    /** Whether the API answers this user at all (HTTP 200 on the overview). */
    boolean answers() {
        try {
            return send("GET", "/api/overview", null, Duration.ofSeconds(3)).statusCode() == 200;
        } catch (Unreachable e) {
            return false;
        }
    }

    /** The status of a plain GET, for tests of who may use the API. */
    int status(String method, String path) {
        return send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}").statusCode();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, TIMEOUT);
    }

    private HttpResponse<String> send(String method, String path, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", authorization)
                .header("X-Reason", "closed by the Roadlab grader");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("the RabbitMQ management API at " + base + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling the RabbitMQ management API", e);
        }
    }

    private static void check(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw new Refused(what, status, reason(response.body()));
    }

    private static String reason(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("reason")) {
                JsonNode reason = node.get("reason");
                return reason.isString() ? reason.stringValue() : reason.toString();
            }
        } catch (JacksonException notJson) {
            // an HTML error page, say
        }
        return body.length() > 300 ? body.substring(0, 300) : body;
    }
}
