package dev.roadlab.engine.bench;

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
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/load}: simulated learners browsing the course and submitting labs for a bounded time against local
 * engine and worker processes sharing one PostgreSQL database, then the figures: request rate, latency percentiles
 * by route, gradings per minute, queue wait, errors and refusals, and the submissions left without a final report
 * (the one figure that must be 0).
 *
 * <p>Each learner is a virtual thread with a cookie jar of its own (single-user mode gives it an anonymous learner at
 * its first submission), reaching the engines in turn, thinking between pages as a person would. The run's database
 * is created on the PostgreSQL server given and dropped at the end; the processes are stopped.
 */
public final class LoadBenchmark {

    private static final Pattern MODULE_LINK = Pattern.compile("href=\"/modules/([a-z0-9-]+)\"");

    private final Options options;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What to run.
     *
     * @param learners  simulated learners
     * @param duration  how long they browse and submit
     * @param engines   {@code roadlab serve} processes (grading nothing themselves when {@code workers} > 0)
     * @param workers   {@code roadlab worker} processes; 0: the engines grade
     * @param threads   submissions each grading process grades at once
     * @param labs      the labs learners submit to (their reference and their starter, alternately)
     * @param jar       roadlab.jar
     * @param java      a java 21+ binary
     * @param dbAdminUrl a JDBC URL of a PostgreSQL role that may create databases
     * @param drain     how long to wait, after the learners stop, for the queue to empty
     */
    record Options(int learners, Duration duration, int engines, int workers, int threads, List<String> labs, Path jar,
                   String java, String dbAdminUrl, Duration drain, Map<String, String> env) {
    }

    private LoadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        new LoadBenchmark(options).run();
    }

    private static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bench/load [--learners 200] [--duration 60] [--engines 2]"
                        + " [--workers 2] [--threads 2] [--labs edge-validation,grpc-contract] [--drain 180]"
                        + " [--db-admin JDBC_URL]; not understood: " + arg);
            }
            a.put(arg.substring(2), args[++i]);
        }
        String java = a.getOrDefault("java", ProcessHandle.current().info().command().orElse("java"));
        Path jar = Path.of(a.getOrDefault("jar", "engine/target/roadlab.jar"));
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("ROADLAB_SANDBOX") || k.startsWith("TESTCONTAINERS") || k.equals("DOCKER_HOST")) {
                env.put(k, v);
            }
        });
        return new Options(Integer.parseInt(a.getOrDefault("learners", "200")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("duration", "60"))),
                Integer.parseInt(a.getOrDefault("engines", "2")), Integer.parseInt(a.getOrDefault("workers", "2")),
                Integer.parseInt(a.getOrDefault("threads", "2")),
                List.of(a.getOrDefault("labs", "edge-validation,grpc-contract,stateless-deployment").split(",")), jar,
                java, a.getOrDefault("db-admin", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("drain", "180"))), env);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException("no " + options.jar() + ": build it first (./mvnw -DskipTests package)");
        }
        LabCatalog catalog = LabCatalog.fromClasspath(LoadBenchmark.class.getClassLoader());
        List<Lab> labs = options.labs().stream().map(String::strip).map(catalog::get).toList();
        String database = "roadlab_load_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        sql(options.dbAdminUrl(), "CREATE DATABASE " + database);
        String dbUrl = options.dbAdminUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        Path logs = Files.createTempDirectory("roadlab-load");
        List<Node> nodes = new ArrayList<>();
        try {
            List<Node> engines = new ArrayList<>();
            for (int i = 0; i < options.engines(); i++) {
                Node engine = Node.start(options, logs, "engine-" + i, dbUrl, "serve",
                        options.workers() > 0 ? 0 : options.threads());
                nodes.add(engine);
                engines.add(engine);
            }
            for (int i = 0; i < options.workers(); i++) {
                nodes.add(Node.start(options, logs, "worker-" + i, dbUrl, "worker", options.threads()));
            }
            for (Node node : nodes) {
                node.awaitReady(Duration.ofMinutes(3));
            }
            System.out.printf(Locale.ROOT, "bench/load: %d learners for %d s against %d engine(s) and %d worker(s)"
                            + " (%d gradings at once each) on PostgreSQL database %s; labs %s; logs in %s%n",
                    options.learners(), options.duration().toSeconds(), options.engines(), options.workers(),
                    options.threads(), database, options.labs(), logs);
            List<String> modules = modules(engines.getFirst());
            long started = System.nanoTime();
            long until = started + options.duration().toNanos();
            List<Thread> learners = new ArrayList<>();
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < options.learners(); i++) {
                int n = i;
                learners.add(Thread.ofVirtual().name("learner-" + i).start(
                        () -> learn(n, engines, modules, labs, until, ids)));
            }
            for (Thread t : learners) {
                t.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long drainStarted = System.nanoTime();
            int left = awaitDrained(dbUrl, options.drain());
            double drained = (System.nanoTime() - drainStarted) / 1e9;
            report(dbUrl, seconds, drained, left, ids.size());
        } finally {
            for (Node node : nodes) {
                node.stop();
            }
            try {
                sql(options.dbAdminUrl(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop " + database + ": " + e.getMessage());
            }
        }
    }

    /** The course's module ids, read off the path page. */
    private List<String> modules(Node engine) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(engine.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> ids = new ArrayList<>();
        Matcher m = MODULE_LINK.matcher(page);
        while (m.find()) {
            if (!ids.contains(m.group(1))) {
                ids.add(m.group(1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("the path page links no module");
        }
        return ids;
    }

    /** One learner: pages with think time between, now and then a submission whose status it follows to the end. */
    private void learn(int n, List<Node> engines, List<String> modules, List<Lab> labs, long until, List<String> ids) {
        Map<String, String> cookies = new LinkedHashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int visit = 0;
        while (System.nanoTime() < until) {
            Node engine = engines.get((n + visit++) % engines.size());
            int dice = random.nextInt(100);
            if (dice < 25) {
                get(engine, "/", "/", cookies);
            } else if (dice < 75) {
                get(engine, "/modules/" + modules.get(random.nextInt(modules.size())), "/modules/{id}", cookies);
            } else if (dice < 90) {
                get(engine, "/labs/" + labs.get(random.nextInt(labs.size())).id(), "/labs/{id}", cookies);
            } else {
                Lab lab = labs.get(random.nextInt(labs.size()));
                Optional<String> id = submit(engine, lab, random.nextBoolean() ? lab.solution() : lab.starter(),
                        cookies);
                if (id.isPresent()) {
                    ids.add(id.get());
                    follow(engines, n, id.get(), cookies, until);
                }
            }
            think(random.nextLong(300, 1500));
        }
    }

    /** The learner watches its submission's status (as its page would) until done or the run is over. */
    private void follow(List<Node> engines, int n, String id, Map<String, String> cookies, long until) {
        for (int i = 0; System.nanoTime() < until; i++) {
            Node engine = engines.get((n + i) % engines.size()); // whichever process the browser reaches
            Optional<String> body = get(engine, "/api/submissions/" + id, "/api/submissions/{id}", cookies);
            if (body.isPresent() && body.get().contains("\"status\" : \"done\"")
                    || body.isPresent() && body.get().contains("\"status\":\"done\"")) {
                return;
            }
            think(1000);
        }
    }

    private static void think(long millis) {
        try {
            Thread.sleep(millis); // a simulated person reading: the load's shape, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<String> get(Node engine, String path, String route, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.uri(path)).timeout(Duration.ofSeconds(30));
        return send(request.GET(), route, cookies, engine);
    }

    private Optional<String> submit(Node engine, Lab lab, Submission files, Map<String, String> cookies) {
        String boundary = "----roadlab-load-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        files.files().forEach((name, content) -> {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(content);
            write(body, "\r\n");
        });
        write(body, "--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.uri("/api/labs/" + lab.id() + "/submissions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", engine.uri("").toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        Optional<String> answer = send(request, "POST /api/labs/{lab}/submissions", cookies, engine);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.get());
        if (id.find()) {
            submitted.incrementAndGet();
            return Optional.of(id.group(1));
        }
        return Optional.empty();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends, timing it under {@code route}; the body when the answer was 2xx, empty otherwise (counted). */
    private Optional<String> send(HttpRequest.Builder request, String route, Map<String, String> cookies, Node engine) {
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            requests.incrementAndGet();
            latencies.computeIfAbsent(route, r -> Collections.synchronizedList(new ArrayList<>())).add(took);
            statuses.computeIfAbsent(route + " " + response.statusCode(), r -> new AtomicInteger()).incrementAndGet();
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                synchronized (cookies) {
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Optional.of(response.body());
            }
            if (status != 429 && status != 503) {
                errors.incrementAndGet();
                sample(route + " -> " + status + " on " + engine.name() + ": "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
            return Optional.empty();
        } catch (IOException e) {
            requests.incrementAndGet();
            errors.incrementAndGet();
            sample(route + " on " + engine.name() + ": " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void sample(String error) {
        if (errorSamples.size() < 5) {
            errorSamples.add(error);
        }
    }

    /** Waits for every submission to be done; how many are not when {@code limit} is up. */
    private static int awaitDrained(String dbUrl, Duration limit) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            int left = count(dbUrl, "SELECT count(*) FROM submissions WHERE status <> 'done'");
            if (left == 0 || System.nanoTime() > deadline) {
                return left;
            }
            TimeUnit.MILLISECONDS.sleep(500); // polling the database for a state, with a deadline
        }
    }

    private void report(String dbUrl, double seconds, double drained, int left, int accepted) throws SQLException {
        System.out.printf(Locale.ROOT, "%nrequests: %d in %.0f s = %.0f/s; errors %d; submissions accepted %d%n",
                requests.get(), seconds, requests.get() / seconds, errors.get(), accepted);
        System.out.printf(Locale.ROOT, "%-36s %8s %8s %8s %8s %8s%n", "route", "count", "p50 ms", "p95 ms", "p99 ms",
                "max ms");
        new TreeMap<>(latencies).forEach((route, samples) -> {
            List<Long> sorted;
            synchronized (samples) {
                sorted = new ArrayList<>(samples);
            }
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "%-36s %8d %8.1f %8.1f %8.1f %8.1f%n", route, sorted.size(),
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.getLast() / 1e6);
        });
        System.out.println("answers by route and status: " + new TreeMap<>(statuses));
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'done'),"
                    + " count(*) FILTER (WHERE status = 'done' AND report IS NULL),"
                    + " count(*) FILTER (WHERE attempts > 1),"
                    + " count(*) FILTER (WHERE verdict = 'infrastructure'),"
                    + " extract(epoch FROM max(finished_at) - min(finished_at)),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at)),"
                    + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at)),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)),"
                    + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at))"
                    + " FROM submissions")) {
                r.next();
                int all = r.getInt(1);
                int done = r.getInt(2);
                double span = Math.max(r.getDouble(6), 1e-9);
                System.out.printf(Locale.ROOT, "gradings: %d of %d submissions done (%.1f per minute over the %.0f s"
                                + " they finished in); taken more than once (a retry or a takeover) %d; verdict"
                                + " infrastructure %d%n", done, all, done / span * 60, span, r.getInt(4),
                        r.getInt(5));
                System.out.printf(Locale.ROOT, "queue wait (accepted -> taken): p50 %.2f s, p95 %.2f s; accepted ->"
                        + " report: p50 %.2f s, p95 %.2f s%n", r.getDouble(7), r.getDouble(8), r.getDouble(9),
                        r.getDouble(10));
                System.out.printf(Locale.ROOT, "submissions without a final report: %d (must be 0; the queue drained"
                        + " in %.1f s after the learners stopped)%n", left + r.getInt(3), drained);
            }
        }
        errorSamples.forEach(e -> System.out.println("error: " + e));
        if (left > 0) {
            System.exit(1);
        }
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    private static int count(String url, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** A started {@code roadlab serve} or {@code roadlab worker} process, its log in a file. */
    private record Node(String name, Process process, int port, Path log) {

        static Node start(Options options, Path logs, String name, String dbUrl, String command, int threads)
                throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> line = new ArrayList<>(List.of(options.java(), "-XX:+UseSerialGC", "-Xmx384m", "-jar",
                    options.jar().toAbsolutePath().toString(), command, "--db-url", dbUrl,
                    "--workers", String.valueOf(threads)));
            line.addAll(command.equals("serve") ? List.of("--port", String.valueOf(port))
                    : List.of("--health-port", String.valueOf(port)));
            Path log = logs.resolve(name + ".log");
            Path data = Files.createDirectories(logs.resolve(name + "-data"));
            ProcessBuilder builder = new ProcessBuilder(line).directory(data.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(options.env());
            builder.environment().put("ROADLAB_MODE", "single-user");
            builder.environment().put("ROADLAB_SUBMISSION_BUDGET", "off");
            return new Node(name, builder.start(), port, log);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** Until its health answers 200 (or the process dies, or {@code limit} is up). */
        void awaitReady(Duration limit) throws IOException, InterruptedException {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited " + process.exitValue() + "; its log:\n"
                            + Files.readString(log));
                }
                try {
                    if (client.send(HttpRequest.newBuilder(uri("/healthz")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                TimeUnit.MILLISECONDS.sleep(200); // polling the process for a state, with a deadline
            }
            throw new IllegalStateException(name + " not ready within " + limit.toSeconds() + " s; its log:\n"
                    + Files.readString(log));
        }

        void stop() {
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
}
