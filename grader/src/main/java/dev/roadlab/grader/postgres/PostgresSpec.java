package dev.roadlab.grader.postgres;

import java.util.List;

/**
 * What a lab needs from PostgreSQL (its {@code postgres:} section of lab.yaml).
 *
 * @param seedSql      SQL run once per sandbox server to build the lab's template database (trusted lab content)
 * @param connections  how many connections a run may open at once as each of its roles (their connection limit)
 * @param roles        roles the lab's seed grants to and checks connect as besides the owner (an application role,
 *                     tenants): each is a NOLOGIN group on the server, and every run gets a login role of its own in
 *                     each group, which can connect to that run's database only
 * @param maxBytes     how large a run's database may grow before the run is stopped (the disk is shared)
 */
public record PostgresSpec(String seedSql, int connections, List<String> roles, long maxBytes) {

    /** The default bound on a run database's size. */
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

    public PostgresSpec {
        roles = List.copyOf(roles);
    }

    public PostgresSpec(String seedSql, int connections, List<String> roles) {
        this(seedSql, connections, roles, DEFAULT_MAX_BYTES);
    }

    public PostgresSpec(String seedSql, int connections) {
        this(seedSql, connections, List.of());
    }
}
