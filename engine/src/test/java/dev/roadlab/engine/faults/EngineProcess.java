package dev.roadlab.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.submission.Submission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code roadlab.jar serve} process for the fault tests, its output in a log file, and the few HTTP calls
 * they make to it: submitting a lab's files over the API and following the submission to its verdict.
 */
final class EngineProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("roadlab.jar", "target/roadlab.jar"));
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Duration LIMIT = Duration.ofMinutes(2);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERDICT = Pattern.compile("\"verdict\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern DONE = Pattern.compile("\"status\"\\s*:\\s*\"done\"");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EngineProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code roadlab serve} on a free port with {@code workers} grading threads, and waits for its pages. */
    static EngineProcess serve(Path dir, String name, String dbUrl, int workers, Map<String, String> env)
            throws Exception {
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        Path data = Files.createDirectories(dir.resolve(name + "-data"));
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", JAR.toAbsolutePath().toString(), "serve", "--port",
                String.valueOf(port), "--db-url", dbUrl, "--workers", String.valueOf(workers))
                .directory(data.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        EngineProcess engine = new EngineProcess(builder.start(), port, log);
        engine.awaitStatus("/", 200);
        return engine;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code path} answers {@code status}, the process staying alive. */
    void awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the engine is running; its log:\n" + log()).isTrue();
            try {
                if (get(path, null).statusCode() == status) {
                    return;
                }
            } catch (IOException notListening) {
                // not yet
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a state with a deadline
        }
        throw new AssertionError(path + " did not answer " + status + " within " + LIMIT + "; the log:\n" + log());
    }

    /** Submits a bundled lab's reference ({@code solution}) or starter over the API; the submission's id. */
    String submit(String lab, String which, String cookie) throws Exception {
        Lab found = LabCatalog.fromClasspath(EngineProcess.class.getClassLoader()).get(lab);
        Submission files = which.equals("solution") ? found.solution() : found.starter();
        String boundary = "roadlab-fault-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        files.files().forEach((name, content) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/api/labs/" + lab + "/submissions"))
                .header("Origin", base()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> accepted = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Matcher id = ID.matcher(accepted.body());
        assertThat(id.find()).as(accepted.body()).isTrue();
        return id.group(1);
    }

    /** Follows a submission to its verdict (polling its status with a deadline). */
    String awaitVerdict(String id, String cookie) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = get("/api/submissions/" + id, cookie);
            if (status.statusCode() == 200 && DONE.matcher(status.body()).find()) {
                Matcher v = VERDICT.matcher(status.body());
                assertThat(v.find()).as(status.body()).isTrue();
                return v.group(1);
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling a state with a deadline
        }
        throw new AssertionError("submission " + id + " not graded within " + LIMIT + "; the log:\n" + log());
    }

    /** A learner's cookies, from marking a module read (the first thing single-user mode remembers). */
    String learnerCookie() throws Exception {
        HttpResponse<String> path = get("/", null);
        Matcher module = Pattern.compile("href=\"(/modules/[a-z0-9-]+)\"").matcher(path.body());
        assertThat(module.find()).isTrue();
        HttpResponse<String> page = get(module.group(1), null);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("a form on the module page").isTrue();
        List<String> cookies = new ArrayList<>();
        page.headers().allValues("Set-Cookie").forEach(c -> cookies.add(c.split(";", 2)[0]));
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base() + module.group(1) + "/progress"))
                .header("Cookie", String.join("; ", cookies)).header("Origin", base())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1) + "&read=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        read.headers().allValues("Set-Cookie").forEach(c -> cookies.add(c.split(";", 2)[0]));
        assertThat(cookies).as("a learner cookie: " + read.headers().map()).anyMatch(c -> c.contains("learner"));
        return String.join("; ", cookies.stream().filter(c -> !c.isBlank()).distinct().toList());
    }

    /** SIGSTOP: the process holds still (its leases, its sandboxes) until it is killed. */
    void freeze() throws Exception {
        Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).inheritIO().start();
        assertThat(stop.waitFor()).isZero();
    }

    /** kill -9: no shutdown hook, no lease given back, sandboxes left as they are. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
