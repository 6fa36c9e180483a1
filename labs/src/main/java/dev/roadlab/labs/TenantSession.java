package dev.roadlab.labs;

import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.PostgresErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A session of the application (app_user) or of the table's owner, as the tenant-isolation checks use it: each
 * probe runs inside a transaction that says its tenant the way the application does ({@code SET LOCAL
 * app.tenant_id}) and is rolled back after, so no probe changes what the next one sees.
 */
final class TenantSession implements AutoCloseable {

    /** More rows than the table holds: a query that returns every tenant's invoices is seen whole. */
    private static final int MAX_ROWS = 25_000;

    /** What a statement did. */
    sealed interface Outcome {

        /** It returned rows. */
        record Rows(List<List<Object>> rows) implements Outcome {
        }

        /** It changed this many rows. */
        record Changed(long rows) implements Outcome {
        }

        /**
         * PostgreSQL refused it.
         *
         * @param sqlState  its SQLSTATE
         * @param text      everything the client was told: message, detail, hint, context
         */
        record Refused(String sqlState, String text) implements Outcome {

            /** The first line, for messages: "ERROR: new row violates row-level security policy ...". */
            String firstLine() {
                return text.lines().findFirst().orElse(text);
            }
        }

        /** The rows it returned (none when it returned no rows or was refused). */
        default List<List<Object>> rowsOrNone() {
            return this instanceof Rows r ? r.rows() : List.of();
        }

        /** How many rows it changed (0 when refused). */
        default long changedOrNone() {
            return this instanceof Changed c ? c.rows() : 0;
        }

        default String describe() {
            return switch (this) {
                case Rows r -> r.rows().size() == 1 ? "returned 1 row"
                        : String.format(Locale.ROOT, "returned %,d rows", r.rows().size());
                case Changed c -> c.rows() == 1 ? "changed 1 row" : String.format(Locale.ROOT, "changed %,d rows", c.rows());
                case Refused r -> "was refused: " + r.firstLine();
            };
        }
    }

    private final Connection connection;
    private final String who;

    private TenantSession(Connection connection, String who) {
        this.connection = connection;
        this.who = who;
    }

    /** A fresh session of the application: app_user, app.tenant_id never set in it. */
    static TenantSession application(LabDatabase db) throws SQLException {
        Connection c = db.connectAs(TenantIsolationChecks.APP_ROLE);
        return prepared(c, "app_user", "SET search_path = \"$user\", public; SET row_security = on");
    }

    /**
     * A fresh session of the table's owner, the role rls.sql ran as. Its role's defaults are the learner's to set
     * (ALTER ROLE CURRENT_USER SET ...), so the session states its own search_path and row_security.
     */
    static TenantSession owner(LabDatabase db) throws SQLException {
        Connection c = db.connect();
        return prepared(c, "the table's owner", "SET search_path = pg_catalog, public; SET row_security = on;"
                + " SET default_transaction_read_only = off; SET transform_null_equals = off;"
                + " SET statement_timeout = '30s'; SET lock_timeout = 0");
    }

    private static TenantSession prepared(Connection c, String who, String settings) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(settings);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new TenantSession(c, who);
    }

    Connection connection() {
        return connection;
    }

    /** "app_user" or "the table's owner". */
    String who() {
        return who;
    }

    /** A piece of work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(TenantSession session) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that starts with {@code SET LOCAL app.tenant_id = 'tenant'} (or sets
     * nothing when {@code tenant} is null), and rolls it back.
     */
    <T> T asTenant(Long tenant, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (tenant != null) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT pg_catalog.set_config('app.tenant_id', ?, true)")) {
                    ps.setString(1, String.valueOf(tenant));
                    ps.executeQuery().close();
                }
            }
            return work.run(this);
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Serves one transaction for {@code tenant} and commits it, as a pooled connection does before it serves a
     * request that says no tenant: {@code app.tenant_id} is then '' in this session, not missing.
     */
    void served(long tenant) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_catalog.set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, String.valueOf(tenant));
            ps.executeQuery().close();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Runs one statement inside the current transaction, behind a savepoint: a refusal is an outcome, and the
     * transaction goes on. The grader stopping the statement, or the connection dying, is thrown.
     */
    Outcome run(String sql, Object... params) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setMaxRows(MAX_ROWS);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            Outcome outcome;
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    List<List<Object>> rows = new ArrayList<>();
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(columns);
                        for (int col = 1; col <= columns; col++) {
                            row.add(rs.getObject(col));
                        }
                        rows.add(row);
                    }
                    outcome = new Outcome.Rows(rows);
                }
            } else {
                outcome = new Outcome.Changed(ps.getUpdateCount());
            }
            connection.releaseSavepoint(savepoint);
            return outcome;
        } catch (SQLException e) {
            if (PostgresErrors.isCanceled(e) || PostgresErrors.isConnectionLoss(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            return new Outcome.Refused(String.valueOf(e.getSQLState()), everythingSaid(e));
        }
    }

    private static String everythingSaid(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return String.valueOf(e.getMessage());
        }
        return Stream.of(Optional.of(server.getSeverity() + ": " + server.getMessage()), prefixed("DETAIL", server.getDetail()),
                        prefixed("HINT", server.getHint()), prefixed("CONTEXT", server.getWhere()))
                .flatMap(Optional::stream).collect(Collectors.joining("\n"));
    }

    private static Optional<String> prefixed(String label, String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(label + ": " + text);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the run's connections are ended with the run; nothing to keep
        }
    }
}
