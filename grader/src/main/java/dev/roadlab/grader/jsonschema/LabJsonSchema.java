package dev.roadlab.grader.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A submitted JSON Schema (draft 2020-12), ready to judge payloads with and to read: it is parsed strictly, checked
 * against the 2020-12 meta-schema, and nothing outside the file is fetched (only the bundled meta-schemas). Every
 * {@code pattern} match has a time budget, so a catastrophic regex ends as a {@code timeout} verdict naming the
 * pattern rather than a hung grader. {@link #structure()} tells what the schema bounds and where it does not.
 *
 * <p>What cannot be used is a {@link SubmissionError} naming the file, line and column: not JSON, not a schema, a
 * {@code $schema} of another draft, a {@code $ref} leading outside the file, a pattern that does not compile.
 */
public final class LabJsonSchema {

    /** Time one {@code pattern} may spend on one string. */
    public static final Duration PATTERN_BUDGET = Duration.ofMillis(200);

    /** The dialect this grader reads. */
    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    /** How deep and how large a request the grader may hand in (beyond Jackson's defaults, on purpose). */
    private static final JsonMapper INSTANCES = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(2_000).maxNumberLength(10_000).maxStringLength(10_000_000).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Integers written with a fraction or an exponent (2.0, 1e30) become integer nodes up to this many digits. */
    private static final int MAX_INTEGER_DIGITS = 1_000;

    private final JsonSource source;
    private final Schema schema;
    private final SchemaStructure structure;

    private LabJsonSchema(JsonSource source, Schema schema, SchemaStructure structure) {
        this.source = source;
        this.schema = schema;
        this.structure = structure;
    }

    /** Loads the schema file; a schema that is not JSON, or not a schema, is a {@link SubmissionError}. */
    public static LabJsonSchema load(Submission submission, String fileName) {
        JsonSource source = JsonSource.parse(fileName, submission.text(fileName));
        JsonNode root = source.root();
        if (!root.isObject() && !root.isBoolean()) {
            throw new SubmissionError(fileName + ", line 1: the file holds a JSON " + typeName(root)
                    + ", not a schema: a schema is an object such as {\"type\": \"object\", ...} (or true or false).");
        }
        JsonNode dialect = root.get("$schema");
        if (dialect != null && !(dialect.isString() && dialect.asString().replaceAll("#$", "").equals(DRAFT_2020_12))) {
            throw new SubmissionError(source.describe("/$schema") + ": this grader reads JSON Schema draft 2020-12;"
                    + " $schema says " + dialect + ". Use \"$schema\": \"" + DRAFT_2020_12 + "\" (keywords such as"
                    + " items and prefixItems mean different things in older drafts).");
        }
        checkAgainstMetaSchema(source);
        SchemaStructure structure = SchemaStructure.of(source);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(new BoundedRegularExpressions(PATTERN_BUDGET))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(config)
                .schemaLoader(loader -> loader.block(iri -> !iri.toString().startsWith("https://json-schema.org/")
                        && !iri.toString().startsWith("http://json-schema.org/"))));
        try {
            Schema schema = registry.getSchema(root);
            schema.initializeValidators();
            return new LabJsonSchema(source, schema, structure);
        } catch (SubmissionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SubmissionError(fileName + " is not a usable JSON Schema: " + message(e));
        }
    }

    /** The schema's structure: which objects it closes and which strings, arrays and numbers it bounds. */
    public SchemaStructure structure() {
        return structure;
    }

    /** What the schema says is wrong with {@code json} (empty: valid). */
    public List<String> problems(String json) {
        JsonNode instance;
        try {
            instance = INSTANCES.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        return problems(instance);
    }

    /**
     * What the schema says is wrong with {@code instance} (empty: valid). A {@code pattern} that runs past its budget
     * is a {@link CheckTimeoutException} naming it.
     */
    public List<String> problems(JsonNode instance) {
        try {
            return schema.validate(normalized(instance)).stream().map(LabJsonSchema::describe).toList();
        } catch (BoundedRegularExpressions.BudgetExceeded e) {
            throw new CheckTimeoutException(where(e.pattern) + ": the pattern " + e.pattern + " took longer than "
                    + PATTERN_BUDGET.toMillis() + " ms on a " + e.inputLength + "-character string, so validation"
                    + " was stopped: it backtracks catastrophically (a repeated group such as (a+)+ or (.*a){20} tries"
                    + " every way of splitting the input). Rewrite it so each character can be matched one way only.");
        } catch (BoundedRegularExpressions.StackExhausted e) {
            throw new SubmissionError(where(e.pattern) + ": the pattern " + e.pattern + " could not be matched against"
                    + " a " + e.inputLength + "-character string: the regex engine ran out of stack. A group with"
                    + " alternatives under a repetition, such as (\\p{L}|[ '-])*, costs one level per character;"
                    + " a character class, [\\p{L} '-]*, matches the same in a loop.");
        } catch (StackOverflowError e) {
            throw new SubmissionError(source.fileName() + " cannot be applied to a request nested "
                    + JsonExcerpt.depth(instance) + " levels deep: validating it ran out of stack, because the schema refers back"
                    + " to itself ($ref) as deep as the request goes. Bound what can nest, or do not let it recurse.");
        } catch (JacksonException e) {
            throw new IllegalStateException("the validator could not read a number of the request: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SubmissionError(source.fileName() + " cannot be applied: " + message(e));
        }
    }

    public boolean accepts(String json) {
        return problems(json).isEmpty();
    }

    public boolean accepts(JsonNode instance) {
        return problems(instance).isEmpty();
    }

    /** "/items/0/quantity: must have a minimum value of 1". */
    private static String describe(Error error) {
        String at = pointer(error.getInstanceLocation());
        return (at.isEmpty() ? "" : at + ": ") + error.getMessage();
    }

    private String where(String regex) {
        for (String pointer : source.patternPointers(regex)) {
            return source.describe(pointer);
        }
        return source.fileName();
    }

    // ---- the meta-schema ----

    /** The 2020-12 meta-schema, loaded once from the validator's bundled copy; read-only once built. */
    private static final class MetaSchema {
        static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        builder -> builder.schemaLoader(loader -> loader.block(
                                iri -> !iri.toString().startsWith("https://json-schema.org/"))))
                .getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
    }

    private static void checkAgainstMetaSchema(JsonSource source) {
        List<Error> errors = MetaSchema.SCHEMA.validate(source.root());
        if (errors.isEmpty()) {
            return;
        }
        Map<String, String> problems = new LinkedHashMap<>();
        for (Error error : errors) {
            String pointer = pointer(error.getInstanceLocation());
            JsonNode value = pointer.isEmpty() ? source.root() : source.root().at(pointer);
            String shown = value.isValueNode() ? JsonExcerpt.of(value, "") + ": " : "";
            problems.putIfAbsent(pointer, source.describe(pointer) + ": " + shown + error.getMessage());
        }
        List<String> listed = new ArrayList<>(problems.values());
        String first = listed.getFirst();
        throw new SubmissionError(source.fileName() + " is not a valid JSON Schema 2020-12. " + first
                + (listed.size() > 1 ? " (and " + (listed.size() - 1) + " more: " + String.join("; ",
                listed.subList(1, Math.min(listed.size(), 4))) + (listed.size() > 4 ? "; ..." : "") + ")" : ""));
    }

    private static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer.append('/').append(element instanceof Integer ? element.toString()
                    : JsonSource.escape(String.valueOf(element)));
        }
        return pointer.toString();
    }

    // ---- numbers the validator compares correctly ----

    /**
     * The instance with every integral number as an integer node: the validator (3.0.x) compares a decimal node
     * with an integer bound through {@code long}, which fails for 1e30; as a {@link BigInteger} it compares exactly.
     */
    private static JsonNode normalized(JsonNode node) {
        if (node.isBigDecimal() || node.isDouble() || node.isFloat()) {
            return integral(node);
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                JsonNode normal = normalized(element);
                if (normal != element && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode(node.size());
                    for (int j = 0; j < i; j++) {
                        copy.add(node.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(normal);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode normal = normalized(entry.getValue());
                if (normal != entry.getValue() && copy == null) {
                    copy = ((ObjectNode) node).deepCopy();
                }
                if (copy != null) {
                    copy.set(entry.getKey(), normal);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private static JsonNode integral(JsonNode node) {
        if (!node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            return node;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() == 0) {
            return JsonNodeFactory.instance.numberNode(0);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            return node;
        }
        BigInteger integer = stripped.toBigIntegerExact();
        if (integer.bitLength() < 32) {
            return JsonNodeFactory.instance.numberNode(integer.intValue());
        }
        if (integer.bitLength() < 64) {
            return JsonNodeFactory.instance.numberNode(integer.longValue());
        }
        return JsonNodeFactory.instance.numberNode(integer);
    }

    private static String typeName(JsonNode node) {
        return node.isArray() ? "array" : node.isString() ? "string" : node.isNumber() ? "number"
                : node.isNull() ? "null" : "value";
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
