package dev.roadlab.grader.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;

/**
 * A few admin connections to a server's maintenance database, borrowed one statement sequence at a time: a template
 * build on one of them does not hold up the runs of other labs on the others.
 */
final class AdminConnections implements AutoCloseable {

    /** A piece of admin work on a borrowed connection. */
    interface Work<T> {
        T run(Connection admin) throws SQLException;
    }

    private final PostgresServer server;
    private final Semaphore permits;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    AdminConnections(PostgresServer server, int size) {
        this.server = server;
        this.permits = new Semaphore(size, true);
    }

    <T> T with(Work<T> work) throws SQLException {
        permits.acquireUninterruptibly();
        Connection c = null;
        boolean broken = false;
        try {
            c = idle.pollFirst();
            if (c == null || c.isClosed()) {
                c = server.connectAsAdmin(server.maintenanceDb());
            }
            return work.run(c);
        } catch (SQLException e) {
            broken = c == null || !c.isValid(2);
            throw e;
        } finally {
            if (c != null) {
                if (broken || closed) {
                    closeQuietly(c);
                } else {
                    idle.addFirst(c);
                }
            }
            permits.release();
        }
    }

    void run(Work<?> work) throws SQLException {
        with(work);
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to keep
        }
    }
}
