package dev.roadlab.grader.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Loading a learner's schema: what is refused, and with which line; numbers compared exactly; patterns timed. */
class LabJsonSchemaTest {

    private static LabJsonSchema load(String schema) {
        return LabJsonSchema.load(Submission.ofText(Map.of("s.json", schema)), "s.json");
    }

    @Test
    void json_that_does_not_parse_names_its_line_and_column() {
        assertThatThrownBy(() -> load("{\n  \"type\": \"object\",\n  \"required\": [\"a\",]\n}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("s.json, line 3, column 20: not JSON: Unexpected character (']'");
    }

    @Test
    void a_duplicate_key_is_refused_rather_than_silently_overwritten() {
        assertThatThrownBy(() -> load("{\"properties\": {},\n \"properties\": {}}"))
                .isInstanceOf(SubmissionError.class).hasMessageContaining("line 2").hasMessageContaining("Duplicate");
    }

    @Test
    void a_schema_the_meta_schema_refuses_names_the_pointer_and_the_line() {
        assertThatThrownBy(() -> load("{\"type\": \"object\",\n \"properties\": {\"q\": {\"minimum\": \"1\"}}}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessageContaining("s.json is not a valid JSON Schema 2020-12. s.json, line 2, column 23"
                        + " (/properties/q/minimum): \"1\": string found, number expected");
    }

    @Test
    void another_draft_is_refused_and_the_2020_12_uri_with_a_hash_is_accepted() {
        assertThatThrownBy(() -> load("{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}"))
                .isInstanceOf(SubmissionError.class).hasMessageContaining("draft 2020-12");
        assertThat(load("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema#\"}").accepts("1")).isTrue();
    }

    @Test
    void integers_in_any_notation_are_compared_exactly() {
        LabJsonSchema schema = load("{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 100}");
        assertThat(schema.accepts("2.0")).isTrue();
        assertThat(schema.accepts("1e2")).isTrue();
        assertThat(schema.accepts("1e30")).isFalse();
        assertThat(schema.accepts("1e400")).isFalse();
        assertThat(schema.accepts("100.0000000000000000001")).isFalse();
        assertThat(schema.accepts("-0.0")).isFalse();
        assertThat(schema.accepts(JsonNodeFactory.instance.numberNode(new BigDecimal("1E+19")))).isFalse();
        LabJsonSchema nested = load("{\"properties\": {\"q\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 9}}}");
        assertThat(nested.problems("{\"q\": 1e30}")).containsExactly("/q: must have a maximum value of 9");
    }

    @Test
    void a_pattern_that_backtracks_is_a_timeout_naming_the_pattern_and_its_place() {
        LabJsonSchema schema = load("{\"properties\": {\"name\": {\n  \"pattern\": \"^([a-z]+ ?){1,20}$\"}}}");
        assertThat(schema.accepts("{\"name\": \"ada lovelace\"}")).isTrue();
        assertThatThrownBy(() -> schema.accepts("{\"name\": \"" + "a".repeat(40) + "!\"}"))
                .isInstanceOf(CheckTimeoutException.class)
                .hasMessageContaining("s.json, line 2, column 3 (/properties/name/pattern): the pattern ^([a-z]+ ?){1,20}$"
                        + " took longer than 200 ms on a 41-character string");
    }

    @Test
    void a_pattern_that_overflows_the_stack_is_an_error_naming_it() {
        LabJsonSchema schema = load("{\"properties\": {\"name\": {\"pattern\": \"^(\\\\p{L}|[ '-])*$\"}}}");
        assertThat(schema.accepts("{\"name\": \"Ada Lovelace\"}")).isTrue();
        assertThatThrownBy(() -> schema.accepts("{\"name\": \"" + "a".repeat(100_000) + "1\"}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessageContaining("(/properties/name/pattern): the pattern ^(\\p{L}|[ '-])*$ could not be matched")
                .hasMessageContaining("ran out of stack");
        assertThat(schema.accepts("{\"name\": \"Grace Hopper\"}")).as("the thread recovered").isTrue();
    }

    @Test
    void a_schema_that_recurses_as_deep_as_the_request_is_an_error_not_a_crash() {
        LabJsonSchema schema = load("""
                {"properties": {"c": {"$ref": "#/$defs/any"}},
                 "$defs": {"any": {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/any"}}, {"type": "string"}]}}}
                """);
        assertThat(schema.accepts("{\"c\": " + "[".repeat(100) + "]".repeat(100) + "}")).isTrue();
        assertThatThrownBy(() -> schema.accepts("{\"c\": " + "[".repeat(1_900) + "]".repeat(1_900) + "}"))
                .isInstanceOf(SubmissionError.class).hasMessageContaining("nested 1901 levels deep");
    }

    @Test
    void problems_name_where_in_the_request() {
        LabJsonSchema schema = load("{\"properties\": {\"items\": {\"items\": {\"maximum\": 3}}}}");
        assertThat(schema.problems("{\"items\": [1, 9]}")).containsExactly("/items/1: must have a maximum value of 3");
    }

    @Test
    void an_excerpt_shortens_what_is_long_and_keeps_what_matters() {
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
                {"a": {"b": 1, "c": 2, "d": 3, "e": 4}, "f": {"g": "%s", "h": [1, 2, 3, 4, 5, 6]},
                 "i": [[[[[[[[1]]]]]]]]}
                """.formatted("x".repeat(500)));
        assertThat(JsonExcerpt.of(json, "/f/g")).isEqualTo("{\"a\":{…},\"f\":{\"g\":\"xxxxxxxxxxxx…\" (500 characters),"
                + "\"h\":[1,2,… (6 elements)]},\"i\":[[[[[[… 3 more levels …]]]]]]}");
        assertThat(JsonExcerpt.of(json, "")).startsWith("{\"a\":{…},\"f\":{\"g\"");
        assertThat(JsonExcerpt.of(json)).startsWith("{\"a\":{\"b\":1,\"c\":2,\"d\":3,\"e\":4},");
    }
}
