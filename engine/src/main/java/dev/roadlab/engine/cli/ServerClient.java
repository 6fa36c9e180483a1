package dev.roadlab.engine.cli;

import dev.roadlab.grader.submission.FileRule;
import dev.roadlab.grader.submission.FileRules;
import dev.roadlab.grader.submission.Submission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Roadlab server's JSON API as {@code roadlab submit} uses it: the labs, a submission, its event stream and its
 * report. Every answer that is not a success becomes a {@link Refused} carrying the server's own message.
 */
final class ServerClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private final String server;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param server the server's URL with its base path, without a trailing slash */
    ServerClient(String server, Optional<String> token) {
        this.server = server;
        this.token = token;
    }

    /** The server answered with a status that is not a success. */
    static final class Refused extends Exception {
        /** The HTTP status. */
        final int status;
        /** The server's problems list (400 for files), empty otherwise. */
        final List<String> problems;
        /** The Retry-After header (429), if sent. */
        final Optional<String> retryAfter;

        Refused(int status, String message, List<String> problems, Optional<String> retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.problems = List.copyOf(problems);
            this.retryAfter = retryAfter;
        }
    }

    /** A lab as the server lists it: enough to read the right files from disk. */
    record RemoteLab(String id, String title, List<FileRule> files) implements FileRules {
    }

    List<RemoteLab> labs() throws IOException, InterruptedException, Refused {
        JsonNode body = json(send(request("/api/labs").GET().build()));
        List<RemoteLab> labs = new ArrayList<>();
        for (JsonNode lab : body.path("labs")) {
            List<FileRule> files = new ArrayList<>();
            lab.path("files").forEach(f -> files.add(new FileRule(f.path("name").asString(),
                    f.path("max_bytes").asLong(), f.path("description").asString())));
            labs.add(new RemoteLab(lab.path("id").asString(), lab.path("title").asString(), files));
        }
        return labs;
    }

    /** Uploads the files; the answer's {@code id} and {@code links}. */
    JsonNode submit(String lab, Submission submission) throws IOException, InterruptedException, Refused {
        String boundary = "roadlab-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : submission.files().entrySet()) {
            // File names were checked against the lab's list (plain names), so they need no quoting.
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
                    + "\"; filename=\"" + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return json(send(request("/api/labs/" + lab + "/submissions")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build()));
    }

    JsonNode submission(String id) throws IOException, InterruptedException, Refused {
        return json(send(request("/api/submissions/" + id).GET().build()));
    }

    /**
     * Follows the submission's server-sent events, handing each (name, data) to {@code onEvent}, until the
     * {@code done} event (true) or the stream ends without it (false).
     */
    boolean follow(String id, BiConsumer<String, JsonNode> onEvent)
            throws IOException, InterruptedException, Refused {
        HttpResponse<Stream<String>> response = http.send(request("/api/submissions/" + id + "/events")
                .setHeader("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String text;
            try (Stream<String> lines = response.body()) {
                text = String.join("\n", lines.toList());
            }
            throw refused(response.statusCode(), text, response.headers().firstValue("Retry-After"));
        }
        String event = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        onEvent.accept(event, parse(data.toString()));
                        if (event.equals("done")) {
                            return true;
                        }
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        }
        return false;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(ANSWER_WITHIN)
                .header("Accept", "application/json")
                .header("User-Agent", "roadlab-cli");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException, Refused {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        }
        return response;
    }

    private static Refused refused(int status, String body, Optional<String> retryAfter) {
        String message = "";
        List<String> problems = List.of();
        try {
            JsonNode error = JSON.readTree(body);
            message = error.path("error").asString("");
            List<String> listed = new ArrayList<>();
            error.path("problems").forEach(p -> listed.add(p.asString()));
            problems = listed;
        } catch (JacksonException notJson) {
            // A proxy's page, not Roadlab's answer: the status says enough.
        }
        return new Refused(status, message, problems, retryAfter);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return parse(response.body());
    }

    private static JsonNode parse(String text) throws IOException {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IOException("the server's answer is not JSON; is --server a Roadlab?", e);
        }
    }
}
