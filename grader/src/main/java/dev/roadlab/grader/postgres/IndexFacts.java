package dev.roadlab.grader.postgres;

/**
 * An index as the catalog describes it.
 *
 * @param name        index name
 * @param table       table it indexes
 * @param definition  {@code pg_get_indexdef}: "CREATE INDEX ... USING btree (user_id, created_at DESC)"
 * @param sizeBytes   on-disk size
 * @param unique      a unique index
 * @param primaryKey  the primary key's index
 * @param valid       usable by the planner (false after a failed CREATE INDEX CONCURRENTLY)
 */
public record IndexFacts(String name, String table, String definition, long sizeBytes, boolean unique,
                         boolean primaryKey, boolean valid) {
}
