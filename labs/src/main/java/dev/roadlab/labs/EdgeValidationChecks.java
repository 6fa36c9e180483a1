package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.jsonschema.JsonExcerpt;
import dev.roadlab.grader.jsonschema.LabJsonSchema;
import dev.roadlab.grader.jsonschema.SchemaStructure;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.labs.OrderRequests.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks of the edge-validation lab: order.schema.json, the JSON Schema a gateway applies to POST /orders, lets every
 * valid order through and refuses each class of hostile request (one check per class, so the learner sees which
 * defence is missing); and read as a schema, it closes every object and bounds every string, array and number.
 *
 * <p>Refusing counts only once the schema accepts the valid orders the hostile requests are made from: a schema that
 * refuses everything defends nothing. Letting every valid order through counts only once it refuses something.
 */
@LabChecks
public class EdgeValidationChecks {

    static final String FILE = "order.schema.json";

    private static final String POST = "POST /orders ";

    private LabJsonSchema schema;

    /** The submitted schema, loaded once per run; what cannot be used is an error whose message says it all. */
    private LabJsonSchema schema(Submission submission) {
        if (schema == null) {
            try {
                schema = LabJsonSchema.load(submission, FILE);
            } catch (SubmissionError e) {
                throw new SubmissionError(e.getMessage(), true);
            }
        }
        return schema;
    }

    @Check(order = 1, points = 4, title = "Every valid order passes (once the schema refuses most requests outside the contract)",
            hint = "An allow-list must still let every legitimate request through. Read each bound of the contract"
                    + " (inclusive ranges, names in any script, optional fields) and try your schema on the smallest"
                    + " and the largest order it allows. In an allOf, additionalProperties sees only the properties"
                    + " declared beside it, not those of the other branches.",
            teaches = "#a-strict-draft-2020-12-schema")
    void every_valid_order_passes(Submission submission) {
        LabJsonSchema schema = schema(submission);
        List<Request> valid = OrderRequests.valid();
        List<Request> refused = new ArrayList<>();
        for (Request order : valid) {
            if (!schema.accepts(order.body())) {
                refused.add(order);
            }
        }
        if (!refused.isEmpty()) {
            Request first = refused.stream()
                    .min(Comparator.comparingInt(r -> JsonExcerpt.of(r.body()).length())).orElseThrow();
            List<String> firstProblems = schema.problems(first.body());
            throw new CheckFailure(FILE + " refused " + refused.size() + " of the " + valid.size() + " valid orders,"
                    + " among them " + first.label() + ":\n" + POST + JsonExcerpt.of(first.body()) + "\nThe validator"
                    + " said: " + String.join("; ", firstProblems.subList(0, Math.min(3, firstProblems.size())))
                    + "\nThe contract allows this order." + others(refused.stream().filter(r -> r != first).toList()));
        }
        // Letting everything through is not validating: the check counts once most requests outside the contract
        // are refused (which ones still get through is the other checks' business).
        int hostile = 0;
        int refusedHostile = 0;
        Request through = null;
        for (List<Request> requests : OrderRequests.hostileClasses()) {
            for (Request request : requests) {
                hostile++;
                if (schema.accepts(request.body())) {
                    through = through == null ? request : through;
                } else {
                    refusedHostile++;
                }
            }
        }
        if (refusedHostile * 2 < hostile) {
            throw new CheckFailure(FILE + " lets every valid order through, and most other requests too: it refused "
                    + refusedHostile + " of the " + hostile + " requests outside the contract, and let through, for"
                    + " one, " + through.label() + ". This check counts once the schema refuses at least half of them;"
                    + " the checks below say which defences are missing.",
                    "Start from the top: what type is the body, which properties must it have and which may it have?");
        }
    }

    @Check(order = 2, points = 3, title = "Properties the client must not set (price, role, status, discount) are"
            + " refused, at the top level, in lines and in the address",
            hint = "Mass assignment (OWASP API3, broken object property level authorization): a field the server owns,"
                    + " a price, a role, a status, gets through wherever an object accepts properties it does not list."
                    + " Validate at the edge with an allow-list of properties per object and reject the request:"
                    + " stripping unknown fields hides the probe and breaks the day another layer binds the raw body.",
            teaches = "#api3-broken-object-property-level-authorization")
    void client_controlled_properties_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.clientControlledProperties(),
                "requests that set a property the contract does not have");
    }

    @Check(order = 3, points = 3, title = "Oversized strings and arrays, huge numbers and deep nesting are refused",
            hint = "Unrestricted resource consumption (OWASP API4): every string, array and number a client sends is"
                    + " stored, copied, logged and compared downstream. Give each the limit the contract states, and"
                    + " give every field a type: a value of the wrong shape, nested hundreds of levels deep, passes a"
                    + " subschema that does not say what it is.",
            teaches = "#api4-unrestricted-resource-consumption")
    void oversized_and_deeply_nested_requests_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.oversized(),
                "requests past the contract's sizes (long strings, long arrays, huge numbers, deep nesting)");
    }

    @Check(order = 4, points = 3, title = "Values of the wrong type (numbers as strings, fractions, nulls) are refused",
            hint = "\"2\", 2.5, null and true are all JSON, and where the contract means a whole number a schema has"
                    + " to say so. Keywords such as maxLength, pattern and minimum apply only to their own type: a"
                    + " subschema without type lets every other type through unchecked, and a null is not an absent"
                    + " field.",
            teaches = "#a-strict-draft-2020-12-schema")
    void values_of_the_wrong_type_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.wrongTypes(), "requests with a value of the wrong JSON type");
    }

    @Check(order = 5, points = 2, title = "Quantities of zero, below zero or above 100 are refused",
            hint = "A bound is part of the type. An integer without a lower bound accepts 0 and -1 (a negative"
                    + " quantity is a refund the service never meant to give), and without an upper bound it accepts"
                    + " 10^30. minimum and maximum include the bound; exclusiveMinimum and exclusiveMaximum exclude it.",
            teaches = "#a-strict-draft-2020-12-schema")
    void quantities_outside_1_to_100_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.quantitiesOutOfRange(), "requests with a quantity outside 1 to 100");
    }

    @Check(order = 6, points = 2, title = "Orders missing a required field, or with an empty one, are refused",
            hint = "required lists the properties of the object it sits in, so every object of the contract needs its"
                    + " own list, the lines and the address too. An empty string or an empty array is present but"
                    + " says nothing: the contract gives each a minimum.",
            teaches = "#a-strict-draft-2020-12-schema")
    void orders_missing_a_required_field_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.missingFields(), "requests missing a required field or value");
    }

    @Check(order = 7, points = 2, title = "Currencies and SKUs outside the allow-lists, and malformed codes, are refused",
            hint = "Where the contract lists the values (the currencies, the SKUs of the catalogue), allow exactly"
                    + " those: a pattern such as three capital letters also lets XYZ through. Where it gives a format,"
                    + " anchor the pattern at both ends: an unanchored pattern is satisfied by any string that merely"
                    + " contains a match.",
            teaches = "#allow-lists-and-what-a-schema-cannot-say")
    void values_outside_the_allow_lists_are_refused(Submission submission) {
        refusesAll(submission, OrderRequests.outsideTheAllowLists(),
                "requests with a code the contract does not allow");
    }

    @Check(order = 8, points = 3, title = "An order that lists the same SKU in two lines is refused",
            hint = "uniqueItems compares whole items, so two lines for the same SKU with different quantities are"
                    + " different items to it. JSON Schema cannot compare one field across items in general, but when"
                    + " the possible values are known, it can count how many items carry each of them.",
            teaches = "#allow-lists-and-what-a-schema-cannot-say")
    void a_sku_listed_twice_is_refused(Submission submission) {
        refusesAll(submission, OrderRequests.duplicateSkus(), "orders with the same SKU in two lines");
    }

    @Check(order = 9, points = 2, title = "Every object schema refuses properties it does not list",
            hint = "Each object schema needs additionalProperties: false, or unevaluatedProperties: false where it is"
                    + " composed from allOf or $ref branches (additionalProperties sees only the properties declared"
                    + " beside it). A subschema without a type accepts objects too.",
            teaches = "#reject-dont-strip")
    void every_object_schema_is_closed(Submission submission) {
        SchemaStructure structure = schema(submission).structure();
        mustDescribe(structure, "objects", "", "/items/*", "/shippingAddress");
        reportFindings(structure.openObjects());
    }

    @Check(order = 10, points = 2, title = "Every string has a maximum length",
            hint = "Every string the schema admits needs maxLength (an enum or a const counts: its values are known)."
                    + " A pattern is not counted as a bound: an unanchored one bounds nothing, and a validator may run"
                    + " it over a megabyte before it looks at the length.",
            teaches = "#api4-unrestricted-resource-consumption")
    void every_string_has_a_max_length(Submission submission) {
        SchemaStructure structure = schema(submission).structure();
        mustDescribe(structure, "strings", "/items/*/sku", "/currency", "/shippingAddress/name",
                "/shippingAddress/lines/*", "/shippingAddress/city", "/shippingAddress/postalCode",
                "/shippingAddress/country", "/coupon");
        reportFindings(structure.unboundedStrings());
    }

    @Check(order = 11, points = 2, title = "Every array has a maximum number of items",
            hint = "Every array the schema admits needs maxItems (or items: false after prefixItems) and a schema for"
                    + " its elements; an array of ten million elements is one request.",
            teaches = "#api4-unrestricted-resource-consumption")
    void every_array_has_max_items(Submission submission) {
        SchemaStructure structure = schema(submission).structure();
        mustDescribe(structure, "arrays", "/items", "/shippingAddress/lines");
        reportFindings(structure.unboundedArrays());
    }

    @Check(order = 12, points = 2, title = "Every number has a lower and an upper bound",
            hint = "Every number the schema admits needs a lower bound (minimum or exclusiveMinimum) and an upper one"
                    + " (maximum or exclusiveMaximum), in one subschema or in allOf branches that apply together.",
            teaches = "#api4-unrestricted-resource-consumption")
    void every_number_has_bounds(Submission submission) {
        SchemaStructure structure = schema(submission).structure();
        mustDescribe(structure, "numbers", "/items/*/quantity");
        reportFindings(structure.unboundedNumbers());
    }

    // ---- behaviour ----

    private void refusesAll(Submission submission, List<Request> requests, String what) {
        LabJsonSchema schema = schema(submission);
        for (Request base : OrderRequests.bases()) {
            List<String> problems = schema.problems(base.body());
            if (!problems.isEmpty()) {
                throw new CheckFailure(FILE + " refuses " + base.label() + " that the contract allows:\n" + POST
                        + JsonExcerpt.of(base.body()) + "\n(" + String.join("; ", problems.subList(0,
                        Math.min(2, problems.size()))) + "). Refusing everything defends nothing: this check counts"
                        + " once the valid orders pass (check 1), since its requests are that order changed in one"
                        + " place.", "Make the valid orders pass first.");
            }
        }
        List<Request> accepted = new ArrayList<>();
        for (Request request : requests) {
            if (schema.accepts(request.body())) {
                accepted.add(request);
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        Request first = accepted.getFirst();
        List<String> where = schema.structure().schemasFor(first.place());
        throw new CheckFailure(FILE + " let through " + accepted.size() + " of " + requests.size() + " " + what
                + ". One of them, " + first.label() + ":\n" + POST + JsonExcerpt.of(first.body(), first.focus())
                + "\nThe rule that stops it: " + first.rule() + "\n" + (where.isEmpty()
                ? "Nothing in " + FILE + " describes " + (first.place().isEmpty() ? "the request" : first.place()) + " yet."
                : "The subschema" + (where.size() > 1 ? "s" : "") + " describing " + (first.place().isEmpty()
                ? "the request" : first.place()) + ": " + String.join(", ", where.subList(0, Math.min(3, where.size())))
                + ".") + others(accepted.subList(1, accepted.size())));
    }

    /** "Also: a; b; c; and 4 more." for the requests besides the one shown. */
    private static String others(List<Request> rest) {
        if (rest.isEmpty()) {
            return "";
        }
        List<String> labels = rest.stream().limit(6).map(Request::label).toList();
        return "\nAlso: " + String.join("; ", labels) + (rest.size() > 6 ? "; and " + (rest.size() - 6) + " more." : ".");
    }

    // ---- structure ----

    private static void mustDescribe(SchemaStructure structure, String kind, String... places) {
        List<String> missing = new ArrayList<>();
        for (String place : places) {
            if (!structure.describes(place)) {
                missing.add(place.isEmpty() ? "the request" : place);
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckFailure(FILE + " does not describe " + String.join(", ", missing) + ", so nothing in it"
                    + " bounds the " + kind + " the contract has there. Describe every field of the contract, each"
                    + " with its own subschema, before this check can tell whether the " + kind + " are bounded.");
        }
    }

    private static void reportFindings(List<SchemaStructure.Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        String list = findings.stream().limit(6).map(f -> "- " + f.describe()).collect(Collectors.joining("\n"));
        throw new CheckFailure("In " + FILE + ", " + (findings.size() == 1 ? "one subschema lets" : findings.size()
                + " subschemas let") + " through more than the contract allows:\n" + list
                + (findings.size() > 6 ? "\n- and " + (findings.size() - 6) + " more" : ""));
    }
}
