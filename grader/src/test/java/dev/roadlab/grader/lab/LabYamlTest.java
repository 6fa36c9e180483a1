package dev.roadlab.grader.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.postgres.PostgresSpec;
import dev.roadlab.grader.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lab.yaml is checked like course.yaml: every problem at once, each with its file and line. */
class LabYamlTest {

    @TempDir
    Path labs;

    private static final String GOOD = """
            id: %s
            title: A lab
            checks: dev.roadlab.grader.fixtures.SqlScriptChecks
            files:
              - name: script.sql
                max-size: 64 KB
            sandboxes: [postgres]
            postgres:
              seed: seed.sql
              roles: [app_user]
            """;

    private Path lab(String id, String yaml) throws IOException {
        Path dir = labs.resolve(id);
        Files.createDirectories(dir.resolve("starter"));
        Files.createDirectories(dir.resolve("solution"));
        Files.writeString(dir.resolve("lab.yaml"), yaml);
        Files.writeString(dir.resolve("seed.sql"), "CREATE TABLE notes (id int);");
        Files.writeString(dir.resolve("starter/script.sql"), "");
        Files.writeString(dir.resolve("solution/script.sql"), "");
        return dir;
    }

    private List<String> problems() {
        try {
            LabCatalog.fromFolder(labs, getClass().getClassLoader());
        } catch (InvalidLabException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("the labs loaded");
    }

    @Test
    void a_valid_lab_yaml_loads_with_each_kind_reading_its_own_section() throws IOException {
        lab("good", GOOD.formatted("good"));
        Lab lab = LabCatalog.fromFolder(labs, getClass().getClassLoader()).get("good");
        assertThat(lab.definition().needs("postgres")).isTrue();
        PostgresSpec spec = lab.definition().spec("postgres", PostgresSpec.class).orElseThrow();
        assertThat(spec.roles()).containsExactly("app_user");
        assertThat(spec.connections()).isEqualTo(8);
        assertThat(spec.seedSql()).contains("CREATE TABLE notes");
    }

    @Test
    void a_typo_in_a_key_is_reported_at_its_line_with_the_key_it_meant() throws IOException {
        Path dir = lab("typo", GOOD.formatted("typo").replace("sandboxes: [postgres]", "sandbox: [postgres]"));
        String file = dir.resolve("lab.yaml").toAbsolutePath().normalize().toString();
        assertThat(problems()).contains(
                file + ":7: sandbox: unknown key, did you mean 'sandboxes'?",
                file + ":8: postgres: a 'postgres' section, but 'sandboxes' does not list postgres",
                file + ":3: checks: SqlScriptChecks asks for a LabDatabase (in body_is_indexed, notes_are_intact,"
                        + " remember, script_applies), which the 'postgres' sandbox provides: add it to sandboxes");
    }

    @Test
    void wrong_types_missing_fields_and_unknown_kinds_are_all_reported_at_once() throws IOException {
        Path dir = lab("broken", """
                id: broken
                checks: dev.roadlab.grader.fixtures.NoSuchChecks
                files:
                  - name: ../escape.sql
                sandboxes: [postgress, redis]
                redis:
                  flavour: vanilla
                limits:
                  run: soon
                wrong:
                  no-folder:
                    fails: [some-check]
                """);
        String file = dir.resolve("lab.yaml").toAbsolutePath().normalize().toString();
        assertThat(problems()).containsExactlyInAnyOrder(
                file + ":1: title: required",
                file + ":4: files[1].name: '../escape.sql' is not a plain file name",
                file + ":4: files[1].max-size: required",
                file + ":5: sandboxes: unknown sandbox kind 'postgress', did you mean 'postgres'?",
                file + ":7: redis.flavour: unknown key (known: )",
                file + ":9: limits.run: 'soon' is not a duration like 90s, 500ms or 2m",
                file + ":11: wrong.no-folder: wrong solution 'no-folder' has no folder wrong/no-folder/ with files in it",
                file + ":2: checks: checks class dev.roadlab.grader.fixtures.NoSuchChecks not found on the class path");
    }

    @Test
    void a_wrong_solution_naming_a_check_the_class_lacks_is_refused_with_the_nearest_check() throws IOException {
        Path dir = lab("wrongname", GOOD.formatted("wrongname") + """
                wrong:
                  empty:
                    fails: [script-aplies]
                """);
        Files.createDirectories(dir.resolve("wrong/empty"));
        Files.writeString(dir.resolve("wrong/empty/script.sql"), "");
        String file = dir.resolve("lab.yaml").toAbsolutePath().normalize().toString();
        assertThat(problems()).singleElement().asString()
                .isEqualTo(file + ":13: wrong.empty.fails: names check 'script-aplies', which SqlScriptChecks does not"
                        + " have (did you mean 'script-applies'?)");
    }

    @Test
    void a_check_that_teaches_something_other_than_an_anchor_is_refused() throws IOException {
        Path dir = lab("unanchored", """
                id: unanchored
                title: A lab
                checks: dev.roadlab.grader.fixtures.UnanchoredChecks
                files:
                  - name: script.sql
                    max-size: 64 KB
                """);
        String file = dir.resolve("lab.yaml").toAbsolutePath().normalize().toString();
        assertThat(problems()).singleElement().asString()
                .isEqualTo(file + ":3: checks: UnanchoredChecks.names_a_section teaches 'composite index order', which"
                        + " is not a #anchor of a section (such as #composite-index-order)");
    }

    @Test
    void a_lab_yaml_that_is_not_yaml_names_the_line_where_reading_stopped() throws IOException {
        Path dir = lab("notyaml", "id: notyaml\nfiles: [\n  - name: x\n");
        assertThatThrownBy(() -> LabCatalog.fromFolder(labs, getClass().getClassLoader()))
                .isInstanceOf(InvalidLabException.class)
                .hasMessageContaining(dir.resolve("lab.yaml").toAbsolutePath().normalize() + ":")
                .hasMessageContaining("not valid YAML");
    }
}
