package dev.roadlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.lab.PostgresSpec;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The contract every sandbox provider keeps, run against both: isolated PostgreSQL runs with powerless roles,
 * Redis run users held to their key prefix, runaway scripts stopped from outside, nginx per run, nothing left
 * behind, orphans of a crashed grader removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxContractTest {

    static final PostgresSpec SPEC = new PostgresSpec(
            "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'a'), (2, 'b');", 3);
    static final Duration LIMIT = Duration.ofSeconds(5);

    private final Map<String, SandboxPool> pools = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        // The servers provider runs its own redis-server here: these tests restart Redis, which must never be the
        // machine's shared one.
        pools.put("containers", SandboxPool.create(TestSandboxes.containers().withWarmPerLab(0)));
        pools.put("servers", SandboxPool.create(TestSandboxes.serversWithOwnRedis().withWarmPerLab(0)));
    }

    @AfterAll
    void stop() {
        pools.values().forEach(SandboxPool::close);
    }

    private static List<Object> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<Object> row = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean exists(PostgresServer server, String sql, String name) {
        try (Connection admin = server.connectAsAdmin(server.maintenanceDb());
             var ps = admin.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_run_database_belongs_to_a_fresh_role_without_powers(String provider) throws Exception {
        PostgresSandbox sandbox = pools.get(provider).postgres();
        RunDatabase run = sandbox.lease("contract", SPEC, LIMIT);
        try (Connection c = run.connect("test")) {
            assertThat(row(c, "SELECT current_user, current_database()")).containsExactly(run.role(), run.name());
            assertThat(row(c, "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit"
                    + " FROM pg_roles WHERE rolname = current_user")).containsExactly(false, false, false, false, false, 5);
            assertThat(row(c, "SELECT tableowner, (SELECT count(*) FROM notes) FROM pg_tables WHERE tablename = 'notes'"))
                    .containsExactly(run.role(), 2L);
            assertThat(row(c, "SELECT has_database_privilege(current_database(), 'CREATE')")).containsExactly(false);
        } finally {
            sandbox.release(run);
        }
        eventually(() -> !exists(sandbox.server(), "SELECT 1 FROM pg_database WHERE datname = ?", run.name())
                && !exists(sandbox.server(), "SELECT 1 FROM pg_roles WHERE rolname = ?", run.role()),
                "run database and role dropped");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void runs_cannot_reach_each_other(String provider) throws Exception {
        PostgresSandbox sandbox = pools.get(provider).postgres();
        RunDatabase a = sandbox.lease("contract", SPEC, LIMIT);
        RunDatabase b = sandbox.lease("contract", SPEC, LIMIT);
        try {
            assertThatThrownBy(() -> sandbox.server().connect(a.name(), b.role(), b.password(), "intruder").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
            try (Connection c = b.connect("test"); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("DROP DATABASE " + a.name()))
                        .hasMessageContaining("must be owner of database");
                assertThatThrownBy(() -> s.execute("DROP ROLE " + a.role())).hasMessageContaining("permission denied");
                s.execute("INSERT INTO notes VALUES (3, 'only in b')");
            }
            try (Connection c = a.connect("test")) {
                assertThat(row(c, "SELECT count(*) FROM notes")).containsExactly(2L);
            }
        } finally {
            sandbox.release(a);
            sandbox.release(b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_runaway_statement_is_cancelled_from_outside_whatever_its_session_says(String provider) throws Exception {
        PostgresSandbox sandbox = pools.get(provider).postgres();
        RunDatabase run = sandbox.lease("contract", SPEC, LIMIT);
        try (Connection c = run.connect("test"); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = 0");
            CompletableFuture<Throwable> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("SELECT pg_sleep(3600)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            Instant cancelled = Instant.now();
            sandbox.cancel(run);
            Throwable outcome = sleeping.get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(SQLException.class).hasMessageContaining("canceling statement");
            assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(5));
        } finally {
            sandbox.release(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void orphans_of_a_crashed_grader_are_removed_at_the_next_start(String provider) throws Exception {
        SandboxPool pool = pools.get(provider);
        PostgresServer pg = pool.postgres().server();
        RedisServer redis = pool.redis().server();
        String pgUrl = "postgresql://" + enc(pg.adminUser()) + ":" + enc(pg.adminPassword()) + "@" + pg.host() + ":"
                + pg.port() + "/" + pg.maintenanceDb();
        String redisUrl = "redis://" + enc(redis.adminUser()) + ":" + enc(redis.adminPassword()) + "@" + redis.host() + ":" + redis.port();
        Process crashed = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), OrphanMaker.class.getName(), pgUrl, redisUrl)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String[] names;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(crashed.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ORPHANS ")) {
                // nothing else is printed
            }
            assertThat(line).as("orphan maker output").isNotNull();
            names = line.substring("ORPHANS ".length()).split(" ");
        } finally {
            crashed.destroyForcibly().waitFor();
        }
        assertThat(exists(pg, "SELECT 1 FROM pg_database WHERE datname = ?", names[0])).isTrue();
        // Redis keeps the dead instance's heartbeat for a while; the test drops it as if it had expired.
        try (Jedis admin = redis.connectAsAdmin(5_000)) {
            assertThat(admin.aclUsers()).contains(names[1]);
            admin.del("rl:instance:" + names[1].split("_")[2]);
        }
        try (PostgresSandbox next = PostgresSandbox.open(pg, 0); RedisSandbox nextRedis = RedisSandbox.open(redis, s -> s)) {
            assertThat(exists(pg, "SELECT 1 FROM pg_database WHERE datname = ?", names[0])).isFalse();
            assertThat(exists(pg, "SELECT 1 FROM pg_roles WHERE rolname = ?", names[0])).isFalse();
            try (Jedis admin = redis.connectAsAdmin(5_000)) {
                assertThat(admin.aclUsers()).doesNotContain(names[1]);
                assertThat(admin.exists(names[2] + "left-behind")).isFalse();
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_redis_run_user_touches_only_its_own_keys_and_safe_commands(String provider) {
        RedisSandbox sandbox = pools.get(provider).redis();
        RunRedis run = sandbox.lease();
        RunRedis other = sandbox.lease();
        try (Jedis jedis = run.connect(5_000)) {
            assertThat(jedis.set(run.prefix() + "mine", "1")).isEqualTo("OK");
            for (Runnable forbidden : List.<Runnable>of(
                    () -> jedis.set(other.prefix() + "theirs", "1"),
                    () -> jedis.set("unprefixed", "1"),
                    jedis::flushAll, jedis::flushDB,
                    () -> jedis.configGet("*"),
                    () -> jedis.keys("*"),
                    () -> jedis.scan("0"),
                    () -> jedis.select(1),
                    jedis::scriptKill)) {
                assertThatThrownBy(forbidden::run).isInstanceOf(JedisDataException.class)
                        .hasMessageContaining("NOPERM");
            }
            // Scripts run with their caller's ACL.
            assertThatThrownBy(() -> jedis.eval("return redis.call('SET', 'outside', 1)", 0))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("can't access at least one of the keys");
            assertThatThrownBy(() -> jedis.eval("return redis.call('FLUSHALL')", 0))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("can't run this command");
            assertThat(jedis.eval("return redis.call('INCR', KEYS[1])", List.of(run.prefix() + "n"), List.of()))
                    .isEqualTo(1L);
        } finally {
            sandbox.release(run);
            sandbox.release(other);
        }
        try (Jedis admin = sandbox.server().connectAsAdmin(5_000)) {
            assertThat(admin.aclUsers()).doesNotContain(run.user(), other.user());
            assertThat(admin.exists(run.prefix() + "mine")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_looping_script_is_killed_and_one_that_wrote_restarts_the_server(String provider) throws Exception {
        RedisSandbox sandbox = pools.get(provider).redis();
        for (String script : List.of("while true do end", "redis.call('SET', KEYS[1], 1) while true do end")) {
            RunRedis run = sandbox.lease();
            CompletableFuture<Throwable> looping = CompletableFuture.supplyAsync(() -> {
                try (Jedis jedis = run.connect(60_000)) {
                    jedis.eval(script, List.of(run.prefix() + "k"), List.of());
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(800);
            Instant started = Instant.now();
            RedisSandbox.Interruption interruption = sandbox.interrupt();
            assertThat(interruption).isEqualTo(script.startsWith("while")
                    ? RedisSandbox.Interruption.KILLED : RedisSandbox.Interruption.RESTARTED);
            assertThat(looping.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
            sandbox.release(run);
            RunRedis next = sandbox.lease();
            try (Jedis jedis = next.connect(5_000)) {
                assertThat(jedis.incr(next.prefix() + "after")).isEqualTo(1L);
            } finally {
                sandbox.release(next);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void each_nginx_run_serves_its_own_site(String provider) throws Exception {
        NginxLauncher nginx = pools.get(provider).nginx();
        try (NginxInstance a = nginx.start(site("a")); NginxInstance b = nginx.start(site("b"))) {
            HttpClient http = HttpClient.newHttpClient();
            for (var entry : Map.of("a", a, "b", b).entrySet()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(entry.getValue().baseUri().resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("X-Site")).hasValue(entry.getKey());
            }
            assertThat(a.baseUri()).isNotEqualTo(b.baseUri());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_configuration_nginx_refuses_is_reported_with_its_file_and_line(String provider) {
        NginxLauncher nginx = pools.get(provider).nginx();
        Map<String, byte[]> files = new TreeMap<>(Map.of(
                "nginx.conf", "events {}\nhttp {\n  include site.conf;\n}\n".getBytes(StandardCharsets.UTF_8),
                "site.conf", "server {\n  listen 8080;\n  bogus_directive on;\n}\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> nginx.start(NginxSite.of(files, "nginx.conf")))
                .isInstanceOf(NginxConfigException.class)
                .hasMessageContaining("unknown directive \"bogus_directive\"")
                .hasMessageContaining("site.conf:3");
    }

    private static NginxSite site(String name) {
        return NginxSite.of(new TreeMap<>(Map.of(
                "nginx.conf", "events {}\nhttp {\n  include site.conf;\n}\n".getBytes(StandardCharsets.UTF_8),
                "site.conf", ("server {\n  listen 8080;\n  location / { add_header X-Site " + name
                        + " always; return 200 \"" + name + "\"; }\n}\n").getBytes(StandardCharsets.UTF_8))),
                "nginx.conf");
    }
}
