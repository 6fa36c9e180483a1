package dev.roadlab.grader.sandbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One run's PostgreSQL database, cloned from its lab's template, and the run's own login role, which owns the
 * lab's objects in it and nothing else.
 *
 * @param server    where it lives
 * @param name      database name, also the role name
 * @param password  the role's password
 * @param template  the template it was cloned from
 */
public record RunDatabase(PostgresServer server, String name, String password, String template) {

    /** The login role of the run. */
    public String role() {
        return name;
    }

    /** A new connection as the run's role (never a superuser). */
    public Connection connect(String applicationName) throws SQLException {
        return server.connect(name, name, password, applicationName);
    }

    @Override
    public String toString() {
        return "RunDatabase[" + name + " on " + server.description() + "]";
    }
}
