package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void statements_split_on_semicolons_outside_quotes_and_comments() {
        List<SqlStatement> s = SqlScript.split("""
                -- a comment; not a statement
                CREATE TABLE t (a text DEFAULT 'x;y');  /* block; comment */
                INSERT INTO "we;ird" VALUES (E'it\\'s; fine');
                SELECT 1
                """);
        assertThat(s).extracting(SqlStatement::sql).containsExactly(
                "CREATE TABLE t (a text DEFAULT 'x;y')",
                "INSERT INTO \"we;ird\" VALUES (E'it\\'s; fine')",
                "SELECT 1");
        assertThat(s).extracting(SqlStatement::line).containsExactly(2, 3, 4);
    }

    @Test
    void dollar_quoted_bodies_keep_their_semicolons() {
        List<SqlStatement> s = SqlScript.split("""
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$
                BEGIN
                  PERFORM 1; RETURN 2;
                END $body$;
                SELECT $1;
                """);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).sql()).endsWith("END $body$");
        assertThat(s.get(1).sql()).isEqualTo("SELECT $1");
        assertThat(s.get(1).line()).isEqualTo(5);
    }

    @Test
    void sql_standard_function_bodies_keep_their_semicolons() {
        List<SqlStatement> s = SqlScript.split("""
                CREATE OR REPLACE FUNCTION g(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                  SELECT x;
                END;
                SELECT g(1);
                """);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).sql()).endsWith("END");
        assertThat(s.get(1).sql()).isEqualTo("SELECT g(1)");
    }

    @Test
    void an_error_position_maps_to_the_script_line() {
        SqlStatement statement = SqlScript.split("\n\nCREATE INDEX i\n  ON t (x;").get(0);
        assertThat(statement.line()).isEqualTo(3);
        assertThat(statement.lineOf(18)).isEqualTo(4);
    }

    @Test
    void a_script_of_comments_only_has_no_statements() {
        assertThat(SqlScript.split("-- nothing\n/* still nothing */\n")).isEmpty();
    }
}
