package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.postgres.PostgresSpec;
import dev.roadlab.grader.postgres.PostgresSandbox;
import dev.roadlab.grader.postgres.PostgresServer;
import dev.roadlab.grader.postgres.RunDatabase;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionReader;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Submissions written to hurt, on both providers: each ends in a clean verdict within its limit, the next run is
 * unaffected, and a database standing in for Roadlab's own (on the same server) is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSubmissionsTest {

    static final List<String> PROVIDERS = List.of("containers", "servers");
    /**
     * Only a hang crosses this: the verdict and its message show the limit stopped the work (an hour of pg_sleep, an
     * endless CTE or an alias bomb would not end otherwise), and how long a loaded machine took to stop it, clone the
     * next run or start a sandbox never decides a test. The fixture labs' check limit is 3 s.
     */
    static final Duration WITHIN = Duration.ofSeconds(60);

    private final LabCatalog labs = FixtureLabs.catalog();
    private final Map<String, Grader> graders = new LinkedHashMap<>();
    private final Map<String, String> sentinels = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        graders.put("containers", Grader.create(labs, TestSandboxes.containers()));
        // Our own redis-server: a script that wrote and loops forces a restart, never of the machine's Redis.
        graders.put("servers", Grader.create(labs, TestSandboxes.serversWithOwnRedis()));
        for (var entry : graders.entrySet()) {
            String name = "roadlab_sentinel_" + entry.getKey();
            PostgresServer server = TestSandboxes.postgres(entry.getValue().pool()).server();
            try (Connection admin = server.connectAsAdmin(server.maintenanceDb()); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
                s.execute("CREATE DATABASE " + name);
            }
            try (Connection c = server.connectAsAdmin(name); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE precious (id int); INSERT INTO precious VALUES (1), (2), (3)");
            }
            sentinels.put(entry.getKey(), name);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (var entry : graders.entrySet()) {
            assertSentinelIntact(entry.getKey());
            PostgresServer server = TestSandboxes.postgres(entry.getValue().pool()).server();
            try (Connection admin = server.connectAsAdmin(server.maintenanceDb()); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + sentinels.get(entry.getKey()));
            }
            entry.getValue().close();
        }
    }

    private void assertSentinelIntact(String provider) throws Exception {
        PostgresServer server = TestSandboxes.postgres(graders.get(provider).pool()).server();
        try (Connection c = server.connectAsAdmin(sentinels.get(provider)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM precious")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the stand-in for Roadlab's own database").isEqualTo(3);
        }
    }

    private GradeReport grade(String provider, String lab, String file, String content) {
        return graders.get(provider).grade(lab, Submission.ofText(Map.of(file, content)));
    }

    private void assertNextRunUnaffected(String provider, String lab) {
        Lab fixture = labs.get(lab);
        GradeReport next = graders.get(provider).grade(lab, fixture.solution());
        assertThat(next.verdict()).as(ReportJson.writePretty(next)).isEqualTo(Verdict.PASSED);
    }

    Stream<Arguments> hostileSql() {
        List<Arguments> cases = List.of(
                Arguments.of("pg_sleep for an hour", "SELECT pg_sleep(3600);", Verdict.TIMEOUT, "did not finish within"),
                Arguments.of("statement_timeout off, then a slow query",
                        "SET statement_timeout = 0;\nSELECT count(*) FROM notes a, notes b, notes c;",
                        Verdict.TIMEOUT, "did not finish within"),
                Arguments.of("a recursive CTE that never ends",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;",
                        Verdict.TIMEOUT, "did not finish within"),
                Arguments.of("COPY ... TO PROGRAM", "COPY notes TO PROGRAM 'id > /tmp/roadlab-pwned';",
                        Verdict.ERROR, "pg_execute_server_program"),
                Arguments.of("CREATE EXTENSION", "CREATE EXTENSION pgcrypto;", Verdict.ERROR, "permission denied"),
                Arguments.of("ALTER SYSTEM", "ALTER SYSTEM SET max_connections = 3;", Verdict.ERROR, "ALTER SYSTEM"),
                Arguments.of("lo_import of a server file", "SELECT lo_import('/etc/passwd');", Verdict.ERROR,
                        "permission denied for function lo_import"),
                Arguments.of("a function in C", "CREATE FUNCTION evil() RETURNS int LANGUAGE c AS 'libc.so.6', 'system';",
                        Verdict.ERROR, "permission denied for language c"),
                Arguments.of("a function in an untrusted language",
                        "CREATE FUNCTION evil() RETURNS int LANGUAGE plpython3u AS 'return 1';", Verdict.ERROR,
                        "plpython3u"),
                Arguments.of("superuser settings", "SET session_replication_role = replica;", Verdict.ERROR,
                        "permission denied"),
                Arguments.of("a sequence of statements of which one is hostile",
                        "CREATE INDEX ok_idx ON notes (id);\nCOPY notes FROM '/etc/passwd';", Verdict.ERROR,
                        "script.sql, line 2"));
        return PROVIDERS.stream().flatMap(p -> cases.stream().map(c -> Arguments.of(p, c.get()[0], c.get()[1],
                c.get()[2], c.get()[3])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileSql")
    void hostile_sql_ends_in_a_clean_verdict_within_its_limit(String provider, String what, String sql,
                                                              Verdict expected, String message) throws Exception {
        Instant started = Instant.now();
        GradeReport report = grade(provider, "fixture-sql", "script.sql", sql);
        Duration took = Duration.between(started, Instant.now());
        assertThat(report.verdict()).as(ReportJson.writePretty(report)).isEqualTo(expected);
        assertThat(report.checks().get(0).message()).contains(message);
        assertThat(report.attempts()).as("never retried as our fault").isEqualTo(1);
        assertThat(took).isLessThan(WITHIN);
        assertNextRunUnaffected(provider, "fixture-sql");
        assertSentinelIntact(provider);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void dropping_other_databases_is_refused(String provider) throws Exception {
        PostgresSandbox sandbox = TestSandboxes.postgres(graders.get(provider).pool());
        PostgresServer server = sandbox.server();
        RunDatabase other = sandbox.lease("another-lab", new PostgresSpec("CREATE TABLE t (x int);", 2), Duration.ofSeconds(5));
        String otherRun = other.name();
        for (String target : List.of(otherRun, sentinels.get(provider))) {
            GradeReport report = grade(provider, "fixture-sql", "script.sql", "DROP DATABASE " + target + ";");
            assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(report.checks().get(0).message()).contains("must be owner of database " + target);
        }
        try (Connection admin = server.connectAsAdmin(server.maintenanceDb()); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + otherRun + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        } finally {
            sandbox.release(other);
        }
        assertSentinelIntact(provider);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void terminating_other_sessions_is_refused_and_a_concurrent_run_is_unaffected(String provider) throws Exception {
        CompletableFuture<GradeReport> concurrent = CompletableFuture.supplyAsync(() ->
                grade(provider, "fixture-sql", "script.sql", "SELECT pg_sleep(1.5);\nCREATE INDEX notes_body_idx ON notes (body);"));
        TestSandboxes.awaitActiveQuery(TestSandboxes.postgres(graders.get(provider).pool()).server(),
                "SELECT pg_sleep(1.5)"); // the other run is in the middle of its script
        GradeReport hostile = grade(provider, "fixture-sql", "script.sql",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid();");
        assertThat(hostile.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(hostile.checks().get(0).message()).contains("terminate");
        GradeReport other = concurrent.get(60, TimeUnit.SECONDS);
        assertThat(other.verdict()).as(ReportJson.writePretty(other)).isEqualTo(Verdict.PASSED);
    }

    Stream<Arguments> hostileLua() {
        List<Object[]> cases = List.of(
                new Object[] {"a loop before any write", "while true do end", Verdict.TIMEOUT},
                new Object[] {"a loop after a write", "redis.call('SET', KEYS[1], 1)\nwhile true do end", Verdict.TIMEOUT},
                new Object[] {"a key outside its prefix", "return redis.call('GET', 'rl:instance:someone-else')", Verdict.FAILED},
                new Object[] {"FLUSHALL", "return redis.call('FLUSHALL')", Verdict.FAILED},
                new Object[] {"Lua that does not compile", "return (", Verdict.ERROR});
        return PROVIDERS.stream().flatMap(p -> cases.stream().map(c -> Arguments.of(p, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileLua")
    void hostile_lua_ends_in_a_clean_verdict_within_its_limit(String provider, String what, String lua, Verdict expected) {
        Instant started = Instant.now();
        GradeReport report = grade(provider, "fixture-redis", "script.lua", lua);
        Duration took = Duration.between(started, Instant.now());
        assertThat(report.verdict()).as(ReportJson.writePretty(report)).isEqualTo(expected);
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(took).isLessThan(WITHIN);
        assertNextRunUnaffected(provider, "fixture-redis");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_billion_laughs_yaml_is_an_error_not_an_expansion(String provider) {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(("*" + prev + ",").repeat(8)).append('*').append(prev).append("]\n");
        }
        Instant started = Instant.now();
        GradeReport report = grade(provider, "fixture-yaml", "doc.yaml", yaml.toString());
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.checks().get(0).message()).contains("doc.yaml").contains("aliases");
        assertThat(Duration.between(started, Instant.now())).isLessThan(WITHIN);
        GradeReport tagged = grade(provider, "fixture-yaml", "doc.yaml", "name: !!python/object/apply:os.system [\"id\"]\n");
        assertThat(tagged.verdict()).isIn(Verdict.ERROR, Verdict.FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_json_schema_with_a_catastrophic_pattern_is_a_timeout_within_its_limit(String provider) {
        String schema = """
                {"type": "object", "properties": {"username": {"type": "string", "pattern": "^(.*a){20}$"}}}
                """;
        Instant started = Instant.now();
        GradeReport report = grade(provider, "fixture-schema", "schema.json", schema);
        assertThat(report.checks()).filteredOn(c -> c.id().equals("rejects-bad")).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.TIMEOUT);
            assertThat(c.message()).contains("backtracks catastrophically");
        });
        assertThat(Duration.between(started, Instant.now())).isLessThan(WITHIN);
        GradeReport remote = grade(provider, "fixture-schema", "schema.json",
                "{\"$ref\": \"file:///etc/passwd\"}");
        assertThat(remote.verdict()).isIn(Verdict.ERROR, Verdict.FAILED);
        assertThat(ReportJson.write(remote)).doesNotContain("root:x:0:0");
    }

    @Test
    void a_100_mb_file_is_refused_before_it_is_read() throws Exception {
        Path dir = Files.createTempDirectory("hostile");
        Path huge = dir.resolve("script.sql");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(100L * 1024 * 1024);
        }
        Instant started = Instant.now();
        assertThatThrownBy(() -> SubmissionReader.read(labs.get("fixture-sql").definition(), List.of(dir)))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("script.sql is 100 MB; the limit is 64 KB");
        assertThat(Duration.between(started, Instant.now())).isLessThan(WITHIN);
    }

    @Test
    void a_file_name_that_climbs_out_of_its_folder_is_refused() {
        GradeReport report = graders.get("servers").grade("fixture-sql",
                Submission.ofText(Map.of("../script.sql", "SELECT 1;")));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains("file name '../script.sql' is not allowed");
    }
}
