package dev.roadlab.grader.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One run's PostgreSQL database, cloned from its lab's template, and the run's own login role, which owns the
 * lab's objects in it and nothing else; plus a login role per extra role the lab declares, a member of that role's
 * group, that may connect to this database only.
 *
 * @param server    where it lives
 * @param name      database name, also the owner role's name
 * @param password  the password of every role of the run
 * @param template  the template it was cloned from
 * @param roles     the lab's extra roles (group names)
 */
public record RunDatabase(PostgresServer server, String name, String password, String template, List<String> roles) {

    public RunDatabase {
        roles = List.copyOf(roles);
    }

    /** The login role of the run, which owns the lab's objects. */
    public String role() {
        return name;
    }

    /** The run's login role in the group {@code role}. */
    public String memberOf(String role) {
        if (!roles.contains(role)) {
            throw new IllegalArgumentException("the lab declares no role '" + role + "' (roles: " + roles + ")");
        }
        return name + "_" + role;
    }

    /** Every login role of the run: the owner first. */
    public List<String> logins() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(name),
                roles.stream().map(r -> name + "_" + r)).toList();
    }

    /** A new connection as the run's owner role (never a superuser). */
    public Connection connect(String applicationName) throws SQLException {
        return server.connect(name, name, password, applicationName);
    }

    /** A new connection as the run's member of {@code role}, with that role set (current_user is {@code role}). */
    public Connection connectAs(String role, String applicationName) throws SQLException {
        Connection c = server.connect(name, memberOf(role), password, applicationName);
        try (var s = c.createStatement()) {
            s.execute("SET ROLE " + role);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public String toString() {
        return "RunDatabase[" + name + " on " + server.description() + "]";
    }
}
