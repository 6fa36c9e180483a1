package dev.roadlab.engine;

import dev.roadlab.engine.config.RoadlabConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Roadlab's own database in tests: H2 in a temporary folder, or a fresh database on the test PostgreSQL server
 * (dropped afterwards). Both are always available; nothing here skips.
 */
public final class TestDatabases {

    /** Admin JDBC URL of the PostgreSQL that engine tests create their databases on. */
    public static final String POSTGRES_ADMIN_URL = Optional.ofNullable(System.getenv("ROADLAB_TEST_ENGINE_DB_URL"))
            .filter(s -> !s.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private TestDatabases() {
    }

    /** An H2 file database inside {@code dir}. */
    public static RoadlabConfig.Database h2(Path dir) {
        return new RoadlabConfig.Database("jdbc:h2:file:" + dir.resolve("roadlab") + ";DB_CLOSE_ON_EXIT=FALSE", "", "", 5);
    }

    /** A new, empty PostgreSQL database; close the returned handle to drop it. */
    public static Postgres postgres() {
        String name = "roadlab_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(5));
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + POSTGRES_ADMIN_URL, e);
        }
        String url = POSTGRES_ADMIN_URL.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        return new Postgres(name, new RoadlabConfig.Database(url, "", "", 5));
    }

    /** A test PostgreSQL database; closing drops it. */
    public record Postgres(String name, RoadlabConfig.Database config) implements AutoCloseable {

        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test database " + name, e);
            }
        }
    }
}
