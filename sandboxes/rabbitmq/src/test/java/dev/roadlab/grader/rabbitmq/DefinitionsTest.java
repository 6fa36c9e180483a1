package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.SubmissionError;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A learner's definitions document, read before anything reaches the broker. */
class DefinitionsTest {

    private static JsonNode read(String text) {
        return ManagementApi.JSON.readTree(Definitions.read("definitions.json", text));
    }

    @Test
    void vhost_fields_and_what_exports_say_about_their_broker_are_dropped() {
        JsonNode out = read("""
                {"rabbit_version": "3.10.8", "parameters": [], "users": [],
                 "queues": [{"name": "emails", "vhost": "/", "durable": true}]}
                """);
        assertThat(out.propertyNames()).containsExactly("queues");
        assertThat(out.path("queues").get(0).has("vhost")).isFalse();
        assertThat(out.path("queues").get(0).path("name").asString()).isEqualTo("emails");
    }

    @Test
    void what_is_not_json_is_an_error_with_its_line() {
        assertThatThrownBy(() -> read("{\n  \"queues\": [\n    {\"name\": \"emails\",}\n  ]\n}"))
                .isInstanceOf(SubmissionError.class).hasMessageStartingWith("definitions.json, line 3: not JSON");
        assertThatThrownBy(() -> read("")).isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 1:");
        assertThatThrownBy(() -> read("[]")).isInstanceOf(SubmissionError.class)
                .hasMessageContaining("not a list");
        assertThatThrownBy(() -> read("{}\n{}")).isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 2: more follows");
        assertThatThrownBy(() -> read("\u0000\u0001garbage")).isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 1: not JSON");
    }

    @Test
    void deeply_nested_input_is_refused_not_followed() {
        String deep = "{\"queues\": [{\"name\": \"q\", \"arguments\": " + "[".repeat(100_000) + "]".repeat(100_000)
                + "}]}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 1: not JSON").hasMessageContaining("nesting depth");
    }

    @Test
    void unknown_keys_lists_that_are_not_lists_and_nameless_objects_are_errors_with_their_lines() {
        assertThatThrownBy(() -> read("{\n\"queues\": [],\n\"queue\": []\n}")).isInstanceOf(SubmissionError.class)
                .hasMessage("definitions.json, line 3: \"queue\" is not a key of a definitions document (expected "
                        + "queues, exchanges, bindings, policies)");
        assertThatThrownBy(() -> read("{\n\"queues\": {\"name\": \"emails\"}\n}")).isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 2: \"queues\" must be a list");
        assertThatThrownBy(() -> read("{\"queues\": [\n  {\"name\": \"a\"},\n  \"b\"\n]}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessageStartingWith("definitions.json, line 3: element 2 of \"queues\" must be an object");
        assertThatThrownBy(() -> read("{\"exchanges\": [\n  {\"type\": \"direct\"}\n]}"))
                .isInstanceOf(SubmissionError.class)
                .hasMessage("definitions.json, line 2: element 1 of \"exchanges\" has no \"name\"");
    }

    @Test
    void users_vhosts_permissions_and_parameters_are_refused_with_their_line() {
        for (String key : Definitions.REFUSED) {
            assertThatThrownBy(() -> read("{\n\"queues\": [],\n\n\"" + key + "\": [{\"name\": \"x\"}]\n}"))
                    .as(key).isInstanceOf(SubmissionError.class)
                    .hasMessageStartingWith("definitions.json, line 4: \"" + key + "\" is refused");
        }
    }
}
