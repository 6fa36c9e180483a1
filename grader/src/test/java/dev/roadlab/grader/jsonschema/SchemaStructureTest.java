package dev.roadlab.grader.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What SchemaStructure reads from a schema: which places it closes and bounds, through every way of composing. */
class SchemaStructureTest {

    private static SchemaStructure structure(String schema) {
        return LabJsonSchema.load(Submission.ofText(Map.of("s.json", schema)), "s.json").structure();
    }

    private static List<String> pointers(List<SchemaStructure.Finding> findings) {
        return findings.stream().map(SchemaStructure.Finding::pointer).toList();
    }

    @Test
    void a_closed_typed_schema_has_no_findings() {
        SchemaStructure s = structure("""
                {"type": "object", "additionalProperties": false,
                 "properties": {"name": {"type": "string", "maxLength": 5},
                                "tags": {"type": "array", "maxItems": 2, "items": {"enum": ["a", "b"]}},
                                "n": {"type": "integer", "minimum": 0, "maximum": 9}}}
                """);
        assertThat(s.openObjects()).isEmpty();
        assertThat(s.unboundedStrings()).isEmpty();
        assertThat(s.unboundedArrays()).isEmpty();
        assertThat(s.unboundedNumbers()).isEmpty();
        assertThat(s.describes("/tags/*")).isTrue();
        assertThat(s.describes("/other")).isFalse();
    }

    @Test
    void an_untyped_subschema_admits_every_kind_of_value() {
        SchemaStructure s = structure("""
                {"type": "object", "additionalProperties": false,
                 "properties": {"code": {"maxLength": 5, "pattern": "^[0-9]+$"}}}
                """);
        assertThat(pointers(s.openObjects())).containsExactly("/properties/code");
        assertThat(s.unboundedStrings()).isEmpty();
        assertThat(pointers(s.unboundedArrays())).containsExactly("/properties/code");
        assertThat(pointers(s.unboundedNumbers())).containsExactly("/properties/code");
        assertThat(s.openObjects().getFirst().describe())
                .isEqualTo("/properties/code (line 2, column 17), which describes /code: has no type, so any JSON value"
                        + " passes it, including an object with any properties");
    }

    @Test
    void references_are_followed_by_pointer_anchor_and_id() {
        SchemaStructure s = structure("""
                {"$id": "https://x.example/root.json",
                 "type": "object", "additionalProperties": false,
                 "properties": {"a": {"$ref": "#/$defs/a"}, "b": {"$ref": "#b"}, "c": {"$ref": "c.json"},
                                "d": {"$ref": "root.json#/$defs/a"}},
                 "$defs": {"a": {"type": "string"},
                           "b": {"$anchor": "b", "type": "integer", "minimum": 1},
                           "c": {"$id": "c.json", "type": "object"}}}
                """);
        assertThat(pointers(s.unboundedStrings())).containsExactly("/$defs/a");
        assertThat(pointers(s.unboundedNumbers())).containsExactly("/$defs/b");
        assertThat(pointers(s.openObjects())).containsExactly("/$defs/c");
        assertThat(s.unboundedStrings().getFirst().instancePath()).isIn("/a", "/d");
        assertThat(s.schemasFor("/b")).containsExactly("/properties/b (line 3)");
    }

    @Test
    void bounds_in_branches_that_apply_together_count_together() {
        SchemaStructure s = structure("""
                {"type": "object", "unevaluatedProperties": false,
                 "allOf": [{"properties": {"n": {"type": "number", "minimum": 0}}},
                           {"properties": {"n": {"maximum": 10}, "s": {"type": "string"}}},
                           {"properties": {"s": {"maxLength": 3}}}]}
                """);
        assertThat(s.unboundedNumbers()).isEmpty();
        assertThat(s.unboundedStrings()).isEmpty();
        assertThat(s.openObjects()).isEmpty();
    }

    @Test
    void additional_properties_false_in_one_branch_closes_the_object_for_all() {
        SchemaStructure s = structure("""
                {"type": "object", "allOf": [{"properties": {"a": {"const": 1}}, "additionalProperties": false}],
                 "properties": {"b": {"const": 2}}}
                """);
        assertThat(s.openObjects()).isEmpty();
    }

    @Test
    void unevaluated_properties_does_not_close_what_additional_properties_opens() {
        SchemaStructure s = structure("""
                {"type": "object", "unevaluatedProperties": false,
                 "allOf": [{"additionalProperties": {"type": "string", "maxLength": 3}}]}
                """);
        assertThat(pointers(s.openObjects())).containsExactly("");
        assertThat(s.describes("/<other>")).isTrue();
    }

    @Test
    void pattern_properties_open_an_object_even_beside_additional_properties_false() {
        SchemaStructure s = structure("""
                {"type": "object", "additionalProperties": false, "patternProperties": {"^x-": {"type": "string"}}}
                """);
        assertThat(pointers(s.openObjects())).containsExactly("");
        assertThat(pointers(s.unboundedStrings())).containsExactly("/patternProperties/^x-");
    }

    @Test
    void every_alternative_must_be_bounded() {
        SchemaStructure s = structure("""
                {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "string"}, {"type": "integer", "minimum": 0, "maximum": 1}]}
                """);
        assertThat(pointers(s.unboundedStrings())).containsExactly("/anyOf/1");
        assertThat(s.unboundedNumbers()).isEmpty();
        assertThat(s.openObjects()).isEmpty();
    }

    @Test
    void if_then_else_and_dependent_schemas_are_alternatives() {
        SchemaStructure s = structure("""
                {"type": "string", "if": {"minLength": 2}, "then": {"maxLength": 5}}
                """);
        assertThat(pointers(s.unboundedStrings())).containsExactly("");
        SchemaStructure dependent = structure("""
                {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string", "maxLength": 2}},
                 "dependentSchemas": {"a": {"properties": {"a": {"type": "string"}}}}}
                """);
        assertThat(dependent.unboundedStrings()).isEmpty();
    }

    @Test
    void a_tuple_closed_with_items_false_is_bounded_and_contains_opens_nothing() {
        SchemaStructure s = structure("""
                {"type": "array", "prefixItems": [{"const": 1}, {"type": "string", "maxLength": 2}], "items": false,
                 "contains": {"type": "object"}}
                """);
        assertThat(s.unboundedArrays()).isEmpty();
        assertThat(s.openObjects()).isEmpty();
        assertThat(s.describes("/1")).isTrue();
        assertThat(s.describes("/*")).isTrue();
    }

    @Test
    void an_array_whose_elements_nothing_describes_is_reported() {
        SchemaStructure s = structure("""
                {"type": "array", "maxItems": 3}
                """);
        assertThat(s.unboundedArrays()).singleElement().satisfies(f -> assertThat(f.problem()).contains("no items"));
        assertThat(s.openObjects()).isEmpty();
    }

    @Test
    void items_true_describes_nothing_and_a_true_subschema_admits_everything() {
        SchemaStructure s = structure("""
                {"type": "object", "additionalProperties": false,
                 "properties": {"a": {"type": "array", "maxItems": 3, "items": true}, "b": true}}
                """);
        assertThat(pointers(s.unboundedArrays())).containsExactly("/properties/a", "/properties/b");
        assertThat(pointers(s.unboundedStrings())).containsExactly("/properties/b");
    }

    @Test
    void enum_and_const_are_bounds() {
        SchemaStructure s = structure("""
                {"enum": ["a", 1, {"x": []}]}
                """);
        assertThat(s.openObjects()).isEmpty();
        assertThat(s.unboundedStrings()).isEmpty();
        assertThat(s.unboundedNumbers()).isEmpty();
    }

    @Test
    void recursive_references_end() {
        SchemaStructure s = structure("""
                {"$ref": "#/$defs/node",
                 "$defs": {"node": {"type": "object", "additionalProperties": false,
                                    "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                                                   "self": {"$ref": "#"}}}}}
                """);
        assertThat(pointers(s.unboundedArrays())).containsExactly("/$defs/node/properties/children");
        assertThat(s.describes("/children/*")).isTrue();
        assertThat(s.describes("/self/children")).isTrue();
    }

    @Test
    void a_misspelt_keyword_is_named_in_the_finding() {
        SchemaStructure s = structure("""
                {"type": "object",
                 "additionalproperties": false}
                """);
        assertThat(s.openObjects().getFirst().problem())
                .contains("\"additionalproperties\" at line 2 is not a keyword").contains("additionalProperties");
    }

    @Test
    void a_reference_to_nothing_is_an_error_with_its_line() {
        assertThatThrownBy(() -> structure("{\n \"properties\": {\"a\": {\"$ref\": \"#/$defs/nope\"}}}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessageContaining("s.json, line 2, column 23 (/properties/a/$ref)")
                .hasMessageContaining("has no /$defs/nope");
        assertThatThrownBy(() -> structure("{\"$ref\": \"#nope\"}"))
                .isInstanceOf(SubmissionError.class).hasMessageContaining("names the anchor nope");
    }

    @Test
    void too_many_alternatives_are_an_error_not_a_long_walk() {
        String branch = "{\"anyOf\": [{\"type\": \"string\", \"maxLength\": 1}, {\"type\": \"string\", \"maxLength\": 2}]}";
        String schema = "{\"allOf\": [" + String.join(",", java.util.Collections.nCopies(20, branch)) + "]}";
        assertThatThrownBy(() -> structure(schema)).isInstanceOf(SubmissionError.class)
                .hasMessageContaining("more than 256 cases");
    }
}
