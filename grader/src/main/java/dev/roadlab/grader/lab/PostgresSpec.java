package dev.roadlab.grader.lab;

/**
 * What a lab needs from PostgreSQL.
 *
 * @param seedSql      SQL run once per sandbox server to build the lab's template database (trusted lab content)
 * @param connections  how many connections a run may open at once (its login role's connection limit)
 */
public record PostgresSpec(String seedSql, int connections) {
}
