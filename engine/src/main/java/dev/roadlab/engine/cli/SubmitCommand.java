package dev.roadlab.engine.cli;

import dev.roadlab.engine.cli.ServerClient.Refused;
import dev.roadlab.engine.cli.ServerClient.RemoteLab;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code roadlab submit <lab-id> <files or folder> --server URL}: grades on a Roadlab server with a personal access
 * token, printing each check as the server finishes it, then the same summary (or {@code --json} report) and exit
 * status as {@code roadlab grade}: 0 passed, 1 failed, 2 error, timeout, infrastructure, or the server refused.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit files to a lab on a Roadlab server and wait for the verdict. Exit status: 0 passed,"
                + " 1 failed, 2 error/timeout/infrastructure or refused.")
final class SubmitCommand implements Callable<Integer> {

    static final String TOKEN_VARIABLE = "ROADLAB_TOKEN";

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab id, e.g. audit-log-indexes.")
    String labId;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE_OR_FOLDER",
            description = "The files to submit, or a folder holding them.")
    List<Path> paths;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "The server, with its base path if it has one: https://learn.example.org/roadlab")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A personal access token (rl_...) with the submit and read scopes. Default: $"
                    + TOKEN_VARIABLE + ".")
    String token;

    @Option(names = "--json", description = "Print the roadlab.report/1 JSON report instead of the progress lines.")
    boolean json;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait for the verdict, e.g. 90s or 10m (default ${DEFAULT-VALUE}).")
    String waitFor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> base = serverUrl(server);
        if (base.isEmpty()) {
            err.println("roadlab: --server is a URL like https://learn.example.org (with the base path if any), not '"
                    + server + "'.");
            return 2;
        }
        Optional<Duration> wait = duration(waitFor);
        if (wait.isEmpty()) {
            err.println("roadlab: --wait is a duration like 90s or 10m, not '" + waitFor + "'.");
            return 2;
        }
        Optional<String> credential = Optional.ofNullable(token)
                .or(() -> Optional.ofNullable(System.getenv(TOKEN_VARIABLE)))
                .map(String::strip).filter(t -> !t.isEmpty());
        ServerClient client = new ServerClient(base.get(), credential);
        Problems problems = new Problems(err, base.get(), credential.isPresent());
        try {
            List<RemoteLab> labs = client.labs();
            Optional<RemoteLab> lab = labs.stream().filter(l -> l.id().equals(labId)).findFirst();
            if (lab.isEmpty()) {
                err.println("roadlab: " + base.get() + " has no lab '" + labId + "'. Labs: "
                        + labs.stream().map(RemoteLab::id).collect(Collectors.joining(", ")));
                return 2;
            }
            Submission submission;
            try {
                submission = SubmissionReader.read(lab.get(), paths);
            } catch (InvalidSubmissionException e) {
                problems.filesRefused(e.problems());
                return 2;
            }
            JsonNode accepted = client.submit(labId, submission);
            String id = accepted.path("id").asString();
            GradeOutput output = new GradeOutput(out);
            if (!json) {
                out.println("Submitted to " + base.get() + ": " + absolute(base.get(),
                        accepted.path("links").path("page").asString()));
                out.flush();
            }
            JsonNode done = await(client, id, json ? null : output, wait.get());
            if (done == null) {
                err.println("roadlab: no verdict within " + waitFor + "; the server is still grading it: "
                        + absolute(base.get(), accepted.path("links").path("page").asString()));
                return 2;
            }
            GradeReport report = ReportJson.read(done.path("report").toString());
            if (json) {
                out.println(ReportJson.writePretty(report));
            } else {
                var notPassed = report.checks().stream().filter(c -> !c.passed()).toList();
                if (!notPassed.isEmpty()) {
                    out.println();
                    out.println("Not passed:");
                    notPassed.forEach(check -> {
                        out.println("  " + check.title());
                        output.details(check);
                    });
                }
                output.summary(report);
            }
            out.flush();
            return report.exitStatus();
        } catch (Refused refused) {
            return problems.refused(refused);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println("roadlab: cannot reach " + base.get() + " (" + reason(e)
                    + "). Check --server and that the server is running.");
            return 2;
        } catch (IOException e) {
            err.println("roadlab: the connection to " + base.get() + " failed: " + reason(e) + ".");
            return 2;
        }
    }

    /**
     * Follows the event stream, printing each check as it finishes, and reconnects (resuming where it was) if the
     * connection drops; the submission once done, or null when {@code wait} ran out.
     */
    private JsonNode await(ServerClient client, String id, GradeOutput output, Duration wait)
            throws IOException, InterruptedException, Refused {
        Instant deadline = Instant.now().plus(wait);
        Lines lines = new Lines(output);
        while (Instant.now().isBefore(deadline)) {
            boolean ended = client.follow(id, lines::print);
            JsonNode now = client.submission(id);
            if ("done".equals(now.path("status").asString())) {
                return now;
            }
            if (!ended) {
                Thread.sleep(Duration.ofSeconds(1)); // the connection dropped: reconnect, not at once
            }
        }
        return null;
    }

    /** Prints the stream's events as {@code roadlab grade} prints a local grading; nothing with --json. */
    private final class Lines {
        private final GradeOutput output;
        private int position = -1;
        private int printed;

        Lines(GradeOutput output) {
            this.output = output;
        }

        void print(String event, JsonNode data) {
            if (output == null) {
                return;
            }
            switch (event) {
                case "queued" -> {
                    int now = data.path("position").asInt();
                    if (now != position) {
                        position = now;
                        output.queued(now);
                    }
                }
                case "started" -> {
                    printed = 0;
                    output.started(labId, data.path("total").asInt());
                }
                case "check" -> {
                    // A reconnected stream starts from the beginning: lines already printed are not printed again.
                    int done = data.path("done").asInt();
                    if (done > printed) {
                        printed = done;
                        output.checkLine(done, data.path("total").asInt(), data.path("verdict").asString(),
                                data.path("title").asString(), data.path("points").asInt(),
                                data.path("max_points").asInt());
                    }
                }
                case "retrying" -> output.retrying(data.path("reason").asString());
                default -> {
                    // done (handled by the caller) and events a newer server may add
                }
            }
        }
    }

    /** What the CLI says for each refusal: plain, and what to do about it. */
    private record Problems(PrintWriter err, String server, boolean hasToken) {

        int refused(Refused r) {
            String said = r.getMessage().isEmpty() ? "" : " (" + r.getMessage() + ")";
            switch (r.status) {
                case 401 -> err.println(hasToken
                        ? "roadlab: the server refused the token: it is unknown, expired or revoked. Create a new one"
                        + " at " + server + "/account/tokens and pass it with --token or " + TOKEN_VARIABLE + "."
                        : "roadlab: " + server + " needs an access token. Create one at " + server
                        + "/account/tokens and pass it with --token or " + TOKEN_VARIABLE + ".");
                case 403 -> err.println("roadlab: not allowed" + said + ". A token for submit needs the submit and"
                        + " read scopes.");
                case 404 -> err.println("roadlab: not found on " + server + said + ".");
                case 413 -> err.println("roadlab: the server refused the upload as too large" + said + ".");
                case 429 -> err.println("roadlab: too many submissions for now" + said + "; try again"
                        + r.retryAfter.map(s -> " in " + s + " seconds").orElse(" later") + ".");
                case 400 -> filesRefused(r.problems.isEmpty() ? List.of(r.getMessage()) : r.problems);
                default -> err.println("roadlab: the server answered " + r.status + said + ".");
            }
            return 2;
        }

        void filesRefused(List<String> problems) {
            err.println("roadlab: the files were not accepted:");
            problems.forEach(p -> err.println("  " + p));
        }
    }

    /** The URL without a trailing slash; empty unless http(s) with a host. */
    static Optional<String> serverUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))
                    || uri.getQuery() != null || uri.getFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(uri.toString().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A link the server gave (a path under its base), made absolute. */
    private static String absolute(String base, String path) {
        URI uri = URI.create(base);
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }

    private static Optional<Duration> duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,5})(s|m)").matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n)).filter(d -> !d.isZero());
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
