package dev.roadlab.engine.db;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.submission.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A host application's own pool, with its own table and its own Flyway history in its default schema, lends it to
 * Roadlab with a schema of Roadlab's own: Roadlab's tables and history land there only, the host's history is not
 * touched, Roadlab reads and writes through its generated classes, and closing Roadlab leaves the host's pool open.
 */
class HostDataSourceTest {

    static final LabCatalog LABS = LabCatalog.fromClasspath(HostDataSourceTest.class.getClassLoader());

    @TempDir
    Path dir;

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void roadlab_lives_in_its_own_schema_of_the_hosts_database_and_leaves_the_host_alone(String kind) throws Exception {
        TestDatabases.Postgres pg = kind.equals("PostgreSQL") ? TestDatabases.postgres() : null;
        String url = pg != null ? pg.config().url()
                : "jdbc:h2:file:" + dir.resolve("host") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (HikariDataSource host = hostPool(url)) {
            Path hostMigrations = Files.createDirectories(dir.resolve("host-migrations"));
            Files.writeString(hostMigrations.resolve("V1__host_users.sql"), """
                    CREATE TABLE host_users (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                    INSERT INTO host_users (id, name) VALUES (1, 'ada');
                    """);
            Flyway.configure().dataSource(host).locations("filesystem:" + hostMigrations).load().migrate();
            List<String> hostHistory = hostHistory(host);
            assertThat(hostHistory).as("H2's history also has Flyway's own marker row")
                    .filteredOn(row -> row.contains("|1|host users|")).hasSize(1);

            String id;
            try (Database db = Database.open(RoadlabConfig.Database.of(host, Optional.of("roadlab")))) {
                SubmissionService submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { });
                id = submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "SELECT 1;")),
                        Caller.nobody("test"));
                assertThat(submissions.find(id, Caller.nobody("test")).orElseThrow().status())
                        .isEqualTo(SubmissionStatus.QUEUED);
                assertThat(db.dsl().render(db.dsl().selectFrom(SUBMISSIONS)).toLowerCase())
                        .as("Roadlab's queries name its schema, whatever the connection's search path")
                        .contains("roadlab.submissions");
            }
            assertThat(host.isClosed()).as("Roadlab closes only pools it made").isFalse();

            assertThat(tables(host, "public")).containsExactlyInAnyOrder("flyway_schema_history", "host_users");
            assertThat(tables(host, "roadlab")).contains("flyway_schema_history", "submissions", "accounts")
                    .doesNotContain("host_users");
            assertThat(hostHistory(host)).as("the host's own Flyway history").isEqualTo(hostHistory);
            try (Connection c = host.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM host_users WHERE id = 1")) {
                assertThat(rs.next()).as("the host's connections keep their own default schema").isTrue();
                assertThat(rs.getString(1)).isEqualTo("ada");
            }

            // Opened again (a restart), Roadlab finds its schema migrated and its data kept.
            try (Database db = Database.open(RoadlabConfig.Database.of(host, Optional.of("roadlab")))) {
                assertThat(new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { })
                        .find(id, Caller.nobody("test"))).isPresent();
                assertThat(db.dsl().fetchCount(SUBMISSIONS)).isEqualTo(1);
                Job job = new GradingQueue(db.dsl(), Clock.systemUTC()).claim("w", Duration.ofMinutes(1)).orElseThrow();
                assertThat(job.submissionId()).as("the queue's locking query, in the schema").isEqualTo(id);
            }
            assertThat(hostHistory(host)).isEqualTo(hostHistory);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void a_database_roadlab_opens_from_a_url_takes_a_schema_too() throws Exception {
        RoadlabConfig.Database config = TestDatabases.h2(dir).withSchema(Optional.of("roadlab"));
        try (Database db = Database.open(config)) {
            SubmissionService submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { });
            String id = submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "-- a")),
                    Caller.nobody("test"));
            assertThat(submissions.find(id, Caller.nobody("test"))).isPresent();
            assertThat(tables(db.dataSource(), "roadlab")).contains("flyway_schema_history", "submissions");
            assertThat(tables(db.dataSource(), "public")).isEmpty();
        }
    }

    private static HikariDataSource hostPool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(3);
        config.setPoolName("host");
        return new HikariDataSource(config);
    }

    /** Every row of the host's Flyway history, in its default schema ("public" on both; Flyway quotes its names). */
    static List<String> hostHistory(DataSource host) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = host.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"installed_rank\", \"version\", \"description\","
                     + " \"checksum\", \"success\" FROM public.\"flyway_schema_history\" ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getInt(4) + "|"
                        + rs.getBoolean(5));
            }
        }
        return rows;
    }

    /** The base tables of a schema, lower case (H2 stores unquoted names in upper case). */
    static TreeSet<String> tables(DataSource host, String schema) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Connection c = host.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE lower(table_schema)"
                     + " = '" + schema + "' AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }
}
