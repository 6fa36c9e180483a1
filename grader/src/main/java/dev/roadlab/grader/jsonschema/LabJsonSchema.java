package dev.roadlab.grader.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.time.Duration;
import java.util.List;

/**
 * A submitted JSON Schema (draft 2020-12), ready to judge payloads with: no remote or local references are fetched
 * (only the bundled meta-schemas), and every {@code pattern} match has a time budget, so a catastrophic regex ends
 * as an {@code error} verdict rather than a hung grader.
 */
public final class LabJsonSchema {

    /** Time one {@code pattern} may spend on one string. */
    public static final Duration PATTERN_BUDGET = Duration.ofMillis(200);

    private final String fileName;
    private final Schema schema;

    private LabJsonSchema(String fileName, Schema schema) {
        this.fileName = fileName;
        this.schema = schema;
    }

    /** Loads the schema file; a schema that is not JSON, or not a schema, is a {@link SubmissionError}. */
    public static LabJsonSchema load(Submission submission, String fileName) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(new BoundedRegularExpressions(PATTERN_BUDGET))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(config)
                .schemaLoader(loader -> loader.block(iri -> !iri.toString().startsWith("https://json-schema.org/")
                        && !iri.toString().startsWith("http://json-schema.org/"))));
        try {
            return new LabJsonSchema(fileName, registry.getSchema(submission.text(fileName), InputFormat.JSON));
        } catch (SubmissionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SubmissionError(fileName + " is not a usable JSON Schema: " + message(e));
        }
    }

    /** What the schema says is wrong with {@code json} (empty: valid). */
    public List<String> problems(String json) {
        try {
            return schema.validate(json, InputFormat.JSON).stream().map(Error::getMessage).toList();
        } catch (BoundedRegularExpressions.BudgetExceeded e) {
            throw new SubmissionError(fileName + ": the pattern " + e.pattern + " took longer than "
                    + PATTERN_BUDGET.toMillis() + " ms on a " + e.inputLength + "-character string: it backtracks"
                    + " catastrophically (a repeated group such as (.*a){20} tries every split of the input). Rewrite it so each character can be"
                    + " matched one way only.");
        } catch (RuntimeException e) {
            throw new SubmissionError(fileName + " cannot be applied: " + message(e));
        }
    }

    public boolean accepts(String json) {
        return problems(json).isEmpty();
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
