package dev.roadlab.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roadlab submit}'s answers to refusals, run in-process: against a real hosted server for the credential, and
 * against a stand-in for the statuses a Roadlab answers only under load or abuse (429, 413, a failing proxy).
 */
class SubmitCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run submit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "submit";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    Path migration() throws Exception {
        return Files.writeString(dir.resolve("migration.sql"), "-- nothing\n");
    }

    @Test
    void a_hosted_server_without_a_token_or_with_a_wrong_one_says_where_to_make_one() throws Exception {
        Path data = Files.createTempDirectory("roadlab-submit-hosted");
        RoadlabConfig defaults = RoadlabConfig.defaults();
        try (TestServer server = TestServer.start(defaults
                .withData(new RoadlabConfig.Data(data))
                .withDatabase(TestDatabases.h2(data))
                .withSandboxes(TestSandboxes.servers())
                .withGrading(new RoadlabConfig.Grading(0))
                .withHosting(defaults.hosting().withMode(RoadlabConfig.Mode.HOSTED)))) {
            String url = server.uri("").toString();
            assertThat(server.get("/api/openapi.json").statusCode()).as("the API's description is open")
                    .isEqualTo(200);
            assertThat(server.get("/api/labs").statusCode()).isEqualTo(401);

            Run none = submit("audit-log-indexes", migration().toString(), "--server", url);
            assertThat(none.exit()).isEqualTo(2);
            assertThat(none.err().strip()).isEqualTo("roadlab: " + url + " needs an access token. Create one at "
                    + url + "/account/tokens and pass it with --token or ROADLAB_TOKEN.");

            Run wrong = submit("audit-log-indexes", migration().toString(), "--server", url, "--token", "rl_nope");
            assertThat(wrong.exit()).isEqualTo(2);
            assertThat(wrong.err()).startsWith("roadlab: the server refused the token: it is unknown, expired or"
                    + " revoked.");
            assertThat(wrong.out()).isEmpty();
        }
    }

    @Test
    void too_many_requests_too_large_and_a_broken_proxy_each_get_one_plain_line() throws Exception {
        Deque<Integer> answers = new ArrayDeque<>(List.of(429, 413, 502));
        HttpServer standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/api/labs", exchange -> {
            byte[] body;
            int status;
            if (exchange.getRequestMethod().equals("GET")) {
                status = 200;
                body = """
                        {"labs": [{"id": "audit-log-indexes", "title": "Audit log indexes", "summary": "",
                          "max_score": 14, "files": [{"name": "migration.sql", "max_bytes": 65536,
                          "description": "The migration"}]}]}""".getBytes(StandardCharsets.UTF_8);
            } else {
                status = answers.pop();
                if (status == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "42");
                    body = "{\"error\": \"You have used this lab's submissions for now.\"}".getBytes(StandardCharsets.UTF_8);
                } else if (status == 413) {
                    body = "{\"error\": \"The upload is 5 MB; a submission may be at most 4 MB in all.\"}"
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    body = "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", status == 502 ? "text/html" : "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        standIn.start();
        try {
            String url = "http://127.0.0.1:" + standIn.getAddress().getPort();
            Run throttled = submit("audit-log-indexes", migration().toString(), "--server", url, "--token", "rl_x");
            assertThat(throttled.exit()).isEqualTo(2);
            assertThat(throttled.err().strip()).isEqualTo("roadlab: too many submissions for now (You have used this"
                    + " lab's submissions for now.); try again in 42 seconds.");
            Run large = submit("audit-log-indexes", migration().toString(), "--server", url, "--token", "rl_x");
            assertThat(large.err().strip()).isEqualTo("roadlab: the server refused the upload as too large (The"
                    + " upload is 5 MB; a submission may be at most 4 MB in all.).");
            Run proxy = submit("audit-log-indexes", migration().toString(), "--server", url, "--token", "rl_x");
            assertThat(proxy.exit()).isEqualTo(2);
            assertThat(proxy.err().strip()).isEqualTo("roadlab: the server answered 502.");
        } finally {
            standIn.stop(0);
        }
    }
}
