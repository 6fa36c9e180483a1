package dev.roadlab.grader.terraform;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.terraform.HclExpression.Literal;
import dev.roadlab.grader.terraform.HclExpression.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Terraform configuration (the {@code .tf} files of one root module) read as written, without Terraform: blocks,
 * their arguments and nested blocks, each with its file and line, and values as expressions (literal, reference,
 * call, ...), never evaluated. What Terraform would refuse to parse is a {@link SubmissionError} that names the file
 * and the line.
 *
 * <p>This is static analysis, like Checkov's or tfsec's: it sees what the files say, not what a plan would compute.
 *
 * <pre>{@code
 * TerraformConfig config = TerraformConfig.read(submission, "main.tf", "variables.tf");
 * for (TerraformBlock db : config.resources("aws_db_instance")) {
 *     if (db.argument("publicly_accessible").map(HclExpression::isTrue).orElse(false)) {
 *         throw new CheckFailure(db.describe() + " is publicly accessible (" + db.at("publicly_accessible") + ").");
 *     }
 * }
 * }</pre>
 */
public final class TerraformConfig {

    private final List<TerraformBlock> blocks;

    private TerraformConfig(List<TerraformBlock> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Reads these files of a submission, in this order. */
    public static TerraformConfig read(Submission submission, String... files) {
        List<TerraformBlock> blocks = new ArrayList<>();
        for (String file : files) {
            blocks.addAll(parse(file, submission.text(file)));
        }
        return new TerraformConfig(blocks);
    }

    /** Reads files given as text (name to content), in the map's order. */
    public static TerraformConfig of(Map<String, String> files) {
        List<TerraformBlock> blocks = new ArrayList<>();
        files.forEach((file, text) -> blocks.addAll(parse(file, text)));
        return new TerraformConfig(blocks);
    }

    private static List<TerraformBlock> parse(String file, String text) {
        Optional<HclStructure.Problem> problem = HclStructure.check(text);
        if (problem.isPresent()) {
            throw new SubmissionError(file + ", line " + problem.get().line() + ": " + problem.get().message());
        }
        try {
            return Hcl4jSyntax.blocks(file, text);
        } catch (Hcl4jSyntax.Unreadable e) {
            throw new SubmissionError(file + ", line " + e.line() + ": " + e.getMessage());
        }
    }

    /** Every top-level block, in file order. */
    public List<TerraformBlock> blocks() {
        return blocks;
    }

    /** The top-level blocks of a type ({@code resource}, {@code variable}, {@code provider}, ...). */
    public List<TerraformBlock> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    /** The resources of a type, e.g. {@code resources("aws_s3_bucket")}. */
    public List<TerraformBlock> resources(String resourceType) {
        return blocks("resource").stream().filter(b -> b.label(0).equals(resourceType)).toList();
    }

    public List<TerraformBlock> resources() {
        return blocks("resource");
    }

    public Optional<TerraformBlock> resource(String resourceType, String name) {
        return resources(resourceType).stream().filter(b -> b.label(1).equals(name)).findFirst();
    }

    public Optional<TerraformBlock> variable(String name) {
        return blocks("variable").stream().filter(b -> b.label(0).equals(name)).findFirst();
    }

    /** The provider blocks of one provider, e.g. {@code providers("aws")} (one per alias). */
    public List<TerraformBlock> providers(String name) {
        return blocks("provider").stream().filter(b -> b.label(0).equals(name)).toList();
    }

    /** The {@code terraform { ... }} settings blocks. */
    public List<TerraformBlock> settings() {
        return blocks("terraform");
    }

    /** Every {@code locals} value, by name. */
    public Optional<HclExpression> local(String name) {
        return blocks("locals").stream().map(b -> b.argument(name)).flatMap(Optional::stream).findFirst();
    }

    /**
     * The resource a value points to: {@code aws_s3_bucket.state.id} is the resource {@code aws_s3_bucket.state};
     * a literal is the resource of that type whose {@code nameArgument} is that literal
     * ({@code bucket = "acme-state"}).
     */
    public Optional<TerraformBlock> resolve(HclExpression value, String resourceType, String nameArgument) {
        if (value instanceof Reference r && r.parts().size() >= 2 && r.parts().get(0).equals(resourceType)) {
            return resource(resourceType, r.parts().get(1));
        }
        if (value instanceof Literal l && !l.text().isEmpty()) {
            return resources(resourceType).stream().filter(b -> b.argument(nameArgument)
                    .flatMap(HclExpression::literal).map(Literal::text).filter(l.text()::equals).isPresent())
                    .findFirst();
        }
        return Optional.empty();
    }

    /** The resources of a type that point at a resource through one of their arguments (e.g. {@code bucket}). */
    public List<TerraformBlock> attachedTo(TerraformBlock target, String resourceType, String argument,
                                          String nameArgument) {
        return resources(resourceType).stream().filter(b -> b.argument(argument)
                .flatMap(v -> resolve(v, target.label(0), nameArgument)).filter(target::equals).isPresent()).toList();
    }
}
