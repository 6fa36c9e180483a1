package dev.roadlab.examples.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.jsonschema.LabJsonSchema;
import dev.roadlab.grader.submission.Submission;
import java.util.List;

/**
 * The host's own lab: username.schema.json lets good sign-up names through and refuses the rest. A lab of the host's
 * is the same shape as a bundled one: a folder (lab.yaml, README, starter, solution, wrong) and a checks class on the
 * class path.
 */
@LabChecks
public class UsernameSchemaChecks {

    static final String FILE = "username.schema.json";

    private static LabJsonSchema schema(Submission submission) {
        return LabJsonSchema.load(submission, FILE);
    }

    private static List<String> accepted(LabJsonSchema schema, List<String> bodies) {
        return bodies.stream().filter(schema::accepts).toList();
    }

    @Check(order = 1, points = 2, title = "Good names pass",
            hint = "Allow 3 to 32 lower-case letters, digits or underscores, starting with a letter.")
    void good_names_pass(Submission submission) {
        LabJsonSchema schema = schema(submission);
        List<String> good = List.of("{\"username\": \"ada\"}", "{\"username\": \"ada_lovelace\"}",
                "{\"username\": \"g" + "r".repeat(31) + "\"}");
        List<String> passed = accepted(schema, good);
        assertTrue(passed.size() == good.size(), "refused good names: " + good.stream()
                .filter(b -> !passed.contains(b)).toList());
        assertTrue(!schema.accepts("{\"username\": \"Ada!\"}"), "a schema that lets everything through validates"
                + " nothing: \"Ada!\" passed");
    }

    @Check(order = 2, points = 2, title = "Names longer than 32 are refused",
            hint = "Bound the length: a pattern like {2,} has no upper bound; write {2,31} or add maxLength.")
    void names_longer_than_32_are_refused(Submission submission) {
        LabJsonSchema schema = schema(submission);
        String tooLong = "{\"username\": \"a" + "b".repeat(32) + "\"}";
        assertTrue(!schema.accepts(tooLong), "a 33-character name passed");
    }

    @Check(order = 3, points = 2, title = "Extra properties are refused",
            hint = "Close the object: \"additionalProperties\": false, so a client cannot add a role or a price.")
    void extra_properties_are_refused(Submission submission) {
        LabJsonSchema schema = schema(submission);
        assertTrue(!schema.accepts("{\"username\": \"ada\", \"role\": \"admin\"}"),
                "{\"username\": \"ada\", \"role\": \"admin\"} passed");
    }
}
