package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.testing.SandboxContract;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox contract for PostgreSQL, plus what only PostgreSQL has: powerless run roles that own the lab's objects,
 * and the lab's extra roles, whose run members reach their own run's database only.
 */
class PostgresContractTest extends SandboxContract<PostgresSpec> {

    static final PostgresSpec SPEC = new PostgresSpec("""
            CREATE TABLE notes (id int PRIMARY KEY, body text);
            INSERT INTO notes VALUES (1, 'a'), (2, 'b');
            GRANT SELECT ON notes TO contract_app;
            """, 3, List.of("contract_app"));

    private final AtomicInteger ids = new AtomicInteger(100);

    @Override
    protected String kind() {
        return PostgresType.NAME;
    }

    @Override
    protected PostgresSpec spec() {
        return SPEC;
    }

    private static LabDatabase db(RunSandbox run) {
        return (LabDatabase) run.handle(LabDatabase.class);
    }

    private static PostgresServer server(SandboxBackend<PostgresSpec> backend) {
        return ((PostgresBackend) backend).sandbox().server();
    }

    @Override
    protected void use(RunSandbox run) throws Exception {
        try (Connection c = db(run).connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notes VALUES (" + ids.incrementAndGet() + ", 'only in " + db(run).role() + "')");
        }
    }

    @Override
    protected void assertIsolated(RunSandbox victim, RunSandbox intruder) throws Exception {
        RunDatabase a = db(victim).run();
        RunDatabase b = db(intruder).run();
        for (String login : b.logins()) {
            assertThatThrownBy(() -> a.server().connect(a.name(), login, b.password(), "intruder").close())
                    .as(login + " connecting to " + a.name())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
        }
        try (Connection c = b.connect("test"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP DATABASE " + a.name())).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("DROP ROLE " + a.role())).hasMessageContaining("permission denied");
            assertThat(count(c, "SELECT count(*) FROM notes WHERE body = 'only in " + a.role() + "'")).isZero();
        }
    }

    @Override
    protected String identity(RunSandbox run) {
        return db(run).role();
    }

    @Override
    protected boolean leftBehind(SandboxBackend<PostgresSpec> backend, String identity) throws Exception {
        PostgresServer server = server(backend);
        try (Connection admin = server.connectAsAdmin(server.maintenanceDb())) {
            return count(admin, "SELECT (SELECT count(*) FROM pg_database WHERE datname = '" + identity + "')"
                    + " + (SELECT count(*) FROM pg_roles WHERE rolname LIKE '" + identity + "%')") > 0;
        }
    }

    @Override
    protected Optional<CompletableFuture<?>> startRunawayWork(RunSandbox run) throws Exception {
        Connection c = db(run).connect();
        Statement s = c.createStatement();
        s.execute("SET statement_timeout = 0");
        CompletableFuture<?> sleeping = CompletableFuture.supplyAsync(() -> {
            try (c; s) {
                s.execute("SELECT pg_sleep(3600)");
                throw new AssertionError("pg_sleep(3600) returned");
            } catch (SQLException e) {
                assertThat((Throwable) e).hasMessageContaining("canceling statement");
                return e;
            }
        });
        eventually(() -> running(run, "pg_sleep"), "pg_sleep running");
        return Optional.of(sleeping);
    }

    private static boolean running(RunSandbox run, String what) {
        RunDatabase db = db(run).run();
        try (Connection admin = db.server().connectAsAdmin(db.server().maintenanceDb());
             PreparedStatement ps = admin.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND state = 'active' AND query LIKE ?")) {
            ps.setString(1, db.role());
            ps.setString(2, "%" + what + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected SandboxSettings reachSameServers(SandboxBackend<PostgresSpec> backend) {
        PostgresServer pg = server(backend);
        return TestSandboxes.servers().withWarmPerLab(0).with("postgres.url", "postgresql://" + enc(pg.adminUser())
                + ":" + enc(pg.adminPassword()) + "@" + pg.host() + ":" + pg.port() + "/" + pg.maintenanceDb());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_run_database_belongs_to_a_fresh_role_without_powers(Provider provider) throws Exception {
        try (RunSandbox run = lease(backend(provider)); Connection c = db(run).connect()) {
            RunDatabase db = db(run).run();
            assertThat(row(c, "SELECT current_user, current_database()")).containsExactly(db.role(), db.name());
            assertThat(row(c, "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit"
                    + " FROM pg_roles WHERE rolname = current_user")).containsExactly(false, false, false, false, false, 5);
            assertThat(row(c, "SELECT tableowner, (SELECT count(*) FROM notes) FROM pg_tables WHERE tablename = 'notes'"))
                    .containsExactly(db.role(), 2L);
            assertThat(row(c, "SELECT has_database_privilege(current_database(), 'CREATE')")).containsExactly(false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_lab_role_connects_as_itself_with_what_the_seed_granted_and_no_more(Provider provider) throws Exception {
        try (RunSandbox run = lease(backend(provider)); Connection c = db(run).connectAs("contract_app")) {
            assertThat(row(c, "SELECT current_user, (SELECT count(*) FROM notes)")).containsExactly("contract_app", 2L);
            assertThat(row(c, "SELECT rolsuper, rolcreaterole, rolbypassrls, rolcanlogin FROM pg_roles"
                    + " WHERE rolname = session_user")).containsExactly(false, false, false, true);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO notes VALUES (9, 'x')"))
                        .hasMessageContaining("permission denied for table notes");
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Object> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
