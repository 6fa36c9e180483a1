package dev.roadlab.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The queue under faults, with real processes: two {@code roadlab serve} (the packaged jar, the gate lab's checks
 * on the class path) on one PostgreSQL database. A worker killed with -9 mid-grading is taken over by the other
 * within the lease; a hundred submissions through both are each graded exactly once.
 */
@Tag("faults")
class QueueFaultsIT {

    static final Path JAR = Path.of(System.getProperty("roadlab.jar", "target/roadlab.jar"));
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Path TEST_CLASSES = Path.of("target/test-classes");
    /** The engines' lease: short, so the test is quick; -Droadlab.faults.lease-seconds=20 measures the default. */
    static final int LEASE_SECONDS = Integer.getInteger("roadlab.faults.lease-seconds", 3);

    private final HttpClient http = HttpClient.newHttpClient();

    record Engine(Process process, int port) implements AutoCloseable {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Engine serve(String dbUrl, Path labs, int workers) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp",
                JAR.toAbsolutePath() + java.io.File.pathSeparator + TEST_CLASSES.toAbsolutePath(),
                "dev.roadlab.engine.cli.Launcher", "serve", "--port", String.valueOf(port), "--db-url", dbUrl,
                "--workers", String.valueOf(workers), "--labs", labs.toString()));
        Path dir = Files.createTempDirectory("roadlab-fault");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ROADLAB_LEASE_SECONDS", String.valueOf(LEASE_SECONDS),
                "ROADLAB_POLL_SECONDS", "1"));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.contains("Roadlab is serving")) {
            log.append(line).append('\n');
        }
        assertThat(line).as("the engine started; its log:\n" + log).isNotNull();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return new Engine(process, port);
    }

    private String submit(Engine engine, String plan) throws Exception {
        String boundary = UUID.randomUUID().toString();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + GateLab.FILE
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + plan + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engine.url("/api/labs/" + GateLab.ID
                        + "/submissions"))).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<Map<String, Object>> rows(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (r.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Object one(String url, String sql) throws Exception {
        List<Map<String, Object>> rows = rows(url, sql);
        return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
    }

    static void await(String what, Duration within, Check condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void a_worker_killed_mid_grading_is_taken_over_within_the_lease_with_exactly_one_report() throws Exception {
        Path labs = GateLab.folder();
        try (TestDatabases.Postgres db = TestDatabases.postgres();
             Engine a = serve(db.config().url(), labs, 1);
             Engine b = serve(db.config().url(), labs, 1)) {
            String url = db.config().url();
            Path gate = Files.createTempDirectory("roadlab-gate").resolve("open");
            Path started = gate.resolveSibling("open.started");
            String id = submit(a, "gate " + gate);
            await("a worker grades it, waiting at the gate", Duration.ofSeconds(60), () -> Files.exists(started)
                    && !Files.readString(started).isBlank());
            long pid = Long.parseLong(Files.readString(started).strip());
            String owner = (String) one(url, "SELECT lease_owner FROM submissions WHERE id = '" + id + "'");
            assertThat(owner).as("the lease owner names its process").startsWith(pid + "@");
            Engine victim = a.process().pid() == pid ? a : b;
            Engine survivor = victim == a ? b : a;
            assertThat(victim.process().pid()).isEqualTo(pid);

            victim.process().destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            Files.delete(started);
            await("the other process takes the grading over", Duration.ofSeconds(LEASE_SECONDS + 30),
                    () -> Files.exists(started) && !Files.readString(started).isBlank());
            long takenOver = System.nanoTime();
            Files.createFile(gate);
            await("the submission is done", Duration.ofSeconds(60), () -> "done".equals(
                    one(url, "SELECT status FROM submissions WHERE id = '" + id + "'")));

            double seconds = (takenOver - killed) / 1e9;
            System.out.printf("takeover after kill -9: %.2f s (lease %d s)%n", seconds, LEASE_SECONDS);
            assertThat(Long.parseLong(Files.readString(started).strip())).isEqualTo(survivor.process().pid());
            Map<String, Object> row = rows(url, "SELECT status, verdict, attempts, lease_owner, gave_up FROM submissions"
                    + " WHERE id = '" + id + "'").getFirst();
            assertThat(row).containsEntry("status", "done").containsEntry("verdict", "passed")
                    .containsEntry("attempts", 2).containsEntry("gave_up", false);
            assertThat(row.get("lease_owner")).isNull();
            assertThat(one(url, "SELECT count(*) FROM grading_events WHERE kind = 'started' AND submission_id = '"
                    + id + "'")).as("two runs, one killed").isEqualTo(2L);
            assertThat(one(url, "SELECT count(*) FROM submissions")).as("one submission, one report").isEqualTo(1L);
        }
    }

    @Test
    void a_hundred_submissions_through_two_engines_are_each_graded_exactly_once() throws Exception {
        Path labs = GateLab.folder();
        try (TestDatabases.Postgres db = TestDatabases.postgres();
             Engine a = serve(db.config().url(), labs, 2);
             Engine b = serve(db.config().url(), labs, 2)) {
            String url = db.config().url();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(submit(i % 2 == 0 ? a : b, "pass"));
            }
            await("all are done", Duration.ofSeconds(120), () -> ((Number) one(url,
                    "SELECT count(*) FROM submissions WHERE status = 'done'")).intValue() == 100);
            assertThat(rows(url, "SELECT id FROM submissions").stream().map(r -> r.get("id")).toList())
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(one(url, "SELECT count(*) FROM submissions WHERE verdict = 'passed' AND attempts = 1"))
                    .isEqualTo(100L);
            assertThat(rows(url, "SELECT submission_id, count(*) AS runs FROM grading_events WHERE kind = 'started'"
                    + " GROUP BY submission_id")).hasSize(100).allSatisfy(r -> assertThat(r.get("runs")).isEqualTo(1L));
        }
    }
}
