package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.terraform.HclExpression;
import dev.roadlab.grader.terraform.HclExpression.Call;
import dev.roadlab.grader.terraform.HclExpression.Literal;
import dev.roadlab.grader.terraform.HclExpression.ObjectValue;
import dev.roadlab.grader.terraform.HclExpression.Reference;
import dev.roadlab.grader.terraform.TerraformBlock;
import dev.roadlab.grader.terraform.TerraformConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of the infrastructure-as-code lab: main.tf and variables.tf describe a staging environment's state
 * backend (an S3 bucket and a DynamoDB lock table) and its PostgreSQL database on RDS. Static, like Checkov and
 * tfsec: the files are read as written (the grader's Terraform reader), never planned nor applied; each check is
 * named after the Checkov rule it mirrors, or says that none exists.
 */
@LabChecks
public class InfrastructureAsCodeChecks {

    static final String MAIN = "main.tf";
    static final String VARIABLES = "variables.tf";

    /** Argument and variable names that say they hold a credential. */
    static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)password|passwd|secret|token|access_key|secret_key|private_key|api_key|credentials");
    /** An AWS access key id (Checkov's CKV_SECRET_2). */
    static final Pattern AWS_ACCESS_KEY = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
    /** Ids and ARNs of things created outside this configuration (by hand, in the console). */
    static final Pattern HARD_WIRED_ID = Pattern.compile(
            "(?i)((sg|subnet|vpc|igw|nat|rtb|eni|vol|snap|ami|i|key|kms|db|cluster)-[0-9a-f]{8,17})|(arn:aws[a-z-]*:.*)");
    /** Resource types that take tags, among those a state backend and a database use. */
    static final Set<String> TAGGABLE = Set.of("aws_s3_bucket", "aws_dynamodb_table", "aws_db_instance",
            "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_subnet_group", "aws_db_parameter_group",
            "aws_db_option_group", "aws_security_group", "aws_kms_key", "aws_secretsmanager_secret", "aws_vpc",
            "aws_subnet", "aws_iam_role", "aws_iam_policy", "aws_cloudwatch_log_group", "aws_sns_topic",
            "aws_instance", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule");

    @Check(order = 1, points = 3, title = "remote-state-backend: state is kept in an S3 backend, encrypted and "
            + "locked, in the bucket this configuration declares (no Checkov rule reads backends)",
            hint = "Where does terraform.tfstate live after an apply on your laptop? Who else can plan against it, "
                    + "and what stops two applies from running at once?",
            teaches = "#state-and-drift")
    void remote_state_backend(Submission submission) {
        TerraformConfig config = config(submission);
        TerraformBlock backend = config.settings().stream().flatMap(t -> t.blocks("backend").stream()).findFirst()
                .orElse(null);
        Optional<TerraformBlock> cloud = config.settings().stream().flatMap(t -> t.blocks("cloud").stream())
                .findFirst();
        if (backend == null) {
            throw new CheckFailure(MAIN + " declares no backend" + cloud.map(c -> " of this lab's kind (it uses "
                    + "HCP Terraform's cloud block, " + c.at() + ")").orElse("") + ": Terraform keeps the state in "
                    + "terraform.tfstate on the machine that ran apply, where nobody else can plan against it and "
                    + "nothing stops two applies at once.");
        }
        if (!backend.label(0).equals("s3")) {
            throw new CheckFailure("The backend is \"" + backend.label(0) + "\" (" + backend.at() + ")"
                    + (backend.label(0).equals("local") ? ": the state stays in a file on the machine that ran "
                    + "apply, where nobody else can plan against it and nothing stops two applies at once."
                    : ": this lab's environment keeps its state in S3, with the backend \"s3\"."));
        }
        Optional<String> bucketName = backend.argument("bucket").flatMap(HclExpression::literal).map(Literal::text);
        if (bucketName.isEmpty()) {
            throw new CheckFailure("The s3 backend (" + backend.at() + ") names no bucket as a literal: a backend "
                    + "cannot use variables, so its bucket is written in the block (or passed with "
                    + "-backend-config).");
        }
        if (backend.argument("key").isEmpty()) {
            throw new CheckFailure("The s3 backend (" + backend.at() + ") sets no key: the path of the state in the "
                    + "bucket, e.g. \"staging/terraform.tfstate\".");
        }
        if (!backend.argument("encrypt").map(HclExpression::isTrue).orElse(false)) {
            throw new CheckFailure("The s3 backend (" + backend.at() + ") does not set encrypt = true: the state, "
                    + "which holds the database password in plain text, is written without server-side encryption "
                    + "requested.");
        }
        boolean lockfile = backend.argument("use_lockfile").map(HclExpression::isTrue).orElse(false);
        Optional<String> table = backend.argument("dynamodb_table").flatMap(HclExpression::literal).map(Literal::text);
        if (!lockfile && table.isEmpty()) {
            throw new CheckFailure("The s3 backend (" + backend.at() + ") takes no lock (neither dynamodb_table nor "
                    + "use_lockfile = true): two applies at the same time both read the same state and the last "
                    + "one to write wins, forgetting what the other created.");
        }
        if (config.resolve(new Literal(bucketName.get(), backend.line()), "aws_s3_bucket", "bucket").isEmpty()) {
            throw new CheckFailure("The s3 backend keeps the state in bucket \"" + bucketName.get() + "\" ("
                    + backend.at("bucket") + "), which no aws_s3_bucket of this configuration declares: the bucket "
                    + "that holds the state is the one the checks below examine, so declare it here.");
        }
        if (table.isPresent()) {
            TerraformBlock locks = config.resolve(new Literal(table.get(), backend.line()), "aws_dynamodb_table",
                    "name").orElseThrow(() -> new CheckFailure("The s3 backend locks with DynamoDB table \""
                    + table.get() + "\" (" + backend.at("dynamodb_table") + "), which no aws_dynamodb_table of this "
                    + "configuration declares."));
            String hashKey = locks.argument("hash_key").flatMap(HclExpression::literal).map(Literal::text).orElse("");
            if (!hashKey.equals("LockID")) {
                throw new CheckFailure(locks.describe() + " has hash_key \"" + hashKey + "\" ("
                        + locks.at("hash_key") + "): Terraform's s3 backend writes its locks under a string key "
                        + "named LockID, so the table's hash key must be exactly that.");
            }
        }
    }

    @Check(order = 2, points = 2, title = "CKV_AWS_21: the state bucket keeps every version of the state",
            hint = "An apply that goes wrong can leave a state that no longer matches the world. What lets you "
                    + "go back to the state as it was before it?",
            teaches = "#state-and-drift")
    void ckv_aws_21_state_bucket_versioning(Submission submission) {
        TerraformConfig config = config(submission);
        TerraformBlock bucket = stateBucket(config);
        boolean inline = bucket.block("versioning").flatMap(v -> v.argument("enabled")).map(HclExpression::isTrue)
                .orElse(false);
        boolean enabled = config.attachedTo(bucket, "aws_s3_bucket_versioning", "bucket", "bucket").stream()
                .flatMap(v -> v.blocks("versioning_configuration").stream())
                .anyMatch(c -> c.argument("status").flatMap(HclExpression::literal).map(Literal::text)
                        .filter("Enabled"::equals).isPresent());
        if (!inline && !enabled) {
            throw new CheckFailure(bucket.describe() + " holds the state without versioning (no "
                    + "aws_s3_bucket_versioning for it with status \"Enabled\"): a state overwritten by a bad apply "
                    + "or deleted by mistake is gone for good.");
        }
    }

    @Check(order = 3, points = 2, title = "CKV_AWS_145: the state bucket encrypts by default with KMS",
            hint = "The state holds every secret the configuration touches, in plain text. Who can decrypt it, and "
                    + "who decides that?",
            teaches = "#state-and-drift")
    void ckv_aws_145_state_bucket_kms_encryption(Submission submission) {
        TerraformConfig config = config(submission);
        TerraformBlock bucket = stateBucket(config);
        List<TerraformBlock> rules = new ArrayList<>();
        bucket.blocks("server_side_encryption_configuration").forEach(c -> rules.addAll(c.blocks("rule")));
        config.attachedTo(bucket, "aws_s3_bucket_server_side_encryption_configuration", "bucket", "bucket")
                .forEach(c -> rules.addAll(c.blocks("rule")));
        List<String> algorithms = rules.stream().flatMap(r -> r.blocks("apply_server_side_encryption_by_default")
                .stream()).map(d -> d.argument("sse_algorithm").flatMap(HclExpression::literal).map(Literal::text)
                .orElse("")).toList();
        if (algorithms.stream().noneMatch(a -> a.startsWith("aws:kms"))) {
            throw new CheckFailure(bucket.describe() + (algorithms.isEmpty()
                    ? " sets no default encryption with KMS (no aws_s3_bucket_server_side_encryption_configuration "
                    + "for it): S3's default, SSE-S3, encrypts with keys anyone allowed to read the bucket can use."
                    : " encrypts with " + String.join(", ", algorithms) + ", not aws:kms: SSE-S3 keys serve anyone "
                    + "allowed to read the bucket, while a KMS key lets you decide, and audit, who can decrypt "
                    + "the state."));
        }
    }

    @Check(order = 4, points = 2, title = "CKV2_AWS_6: the state bucket blocks every kind of public access "
            + "(CKV_AWS_53, 54, 55, 56)",
            hint = "A bucket's objects can become public through an ACL or through a policy, now or by a later "
                    + "mistake. Which four settings refuse both, whatever is written later?",
            teaches = "#state-and-drift")
    void ckv2_aws_6_state_bucket_public_access_block(Submission submission) {
        TerraformConfig config = config(submission);
        TerraformBlock bucket = stateBucket(config);
        List<TerraformBlock> blocks = config.attachedTo(bucket, "aws_s3_bucket_public_access_block", "bucket",
                "bucket");
        if (blocks.isEmpty()) {
            throw new CheckFailure(bucket.describe() + " has no aws_s3_bucket_public_access_block: nothing stops a "
                    + "later ACL or bucket policy from making the state, and the secrets in it, public.");
        }
        TerraformBlock block = blocks.getFirst();
        List<String> off = List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                "restrict_public_buckets").stream().filter(a -> !block.argument(a).map(HclExpression::isTrue)
                .orElse(false)).toList();
        if (!off.isEmpty()) {
            throw new CheckFailure(block.describe() + " leaves " + String.join(", ", off) + " unset or false: each "
                    + "of the four closes a different way in (new public ACLs, existing ones, public policies, "
                    + "cross-account access through them).");
        }
    }

    @Check(order = 5, points = 3, title = "CKV_AWS_17: the database is not publicly accessible",
            hint = "Who needs to reach this database over the network, and from where? Everything else should "
                    + "not even get a connection.",
            teaches = "#reviewing-terraform-before-it-runs")
    void ckv_aws_17_database_not_public(Submission submission) {
        TerraformConfig config = config(submission);
        for (TerraformBlock db : databases(config)) {
            Optional<HclExpression> flag = db.argument("publicly_accessible");
            if (flag.isPresent() && !(flag.get() instanceof Literal l && Boolean.FALSE.equals(l.value()))) {
                throw new CheckFailure(db.describe() + (flag.get().isTrue() ? " is publicly_accessible" : " leaves "
                        + "publicly_accessible to a value that is not false") + " (" + db.at("publicly_accessible")
                        + "): it gets a public address, and one security group rule away from the whole internet, "
                        + "its port answers password guesses from anywhere.");
            }
        }
    }

    @Check(order = 6, points = 2, title = "CKV_AWS_16: the database's storage is encrypted",
            hint = "Snapshots, replicas and retired disks carry the data too. What protects them when the instance "
                    + "itself is not the way in?",
            teaches = "#reviewing-terraform-before-it-runs")
    void ckv_aws_16_database_encrypted(Submission submission) {
        TerraformConfig config = config(submission);
        for (TerraformBlock db : databases(config)) {
            if (!db.argument("storage_encrypted").map(HclExpression::isTrue).orElse(false)) {
                throw new CheckFailure(db.describe() + " does not set storage_encrypted = true"
                        + (db.argument("storage_encrypted").isPresent() ? " (" + db.at("storage_encrypted") + ")" : "")
                        + ": its disks, its snapshots and its backups are stored unencrypted, and encryption cannot "
                        + "be switched on later without copying the database.");
            }
        }
    }

    @Check(order = 7, points = 2, title = "CKV_AWS_133: the database keeps automated backups (1 to 35 days)",
            hint = "Staging is rebuilt from code, but its data is not in the code. Where does it come back from?",
            teaches = "#rebuilding-from-scratch-as-a-routine-drill")
    void ckv_aws_133_database_backups(Submission submission) {
        TerraformConfig config = config(submission);
        for (TerraformBlock db : databases(config)) {
            Optional<HclExpression> period = db.argument("backup_retention_period");
            if (period.isEmpty()) {
                continue; // Checkov passes the default; RDS keeps a day of backups unless told otherwise
            }
            Optional<BigDecimal> days = number(config, period.get());
            if (days.isEmpty() || days.get().compareTo(BigDecimal.ONE) < 0
                    || days.get().compareTo(BigDecimal.valueOf(35)) > 0) {
                throw new CheckFailure(db.describe() + " sets backup_retention_period to "
                        + days.map(BigDecimal::toPlainString).orElse("a value that cannot be read from the files")
                        + " (" + db.at("backup_retention_period") + "): "
                        + (days.isPresent() && days.get().signum() == 0 ? "0 turns automated backups off, so "
                        + "there is no point in time to restore to." : "RDS keeps automated backups for 1 to 35 "
                        + "days."));
            }
        }
    }

    @Check(order = 8, points = 3, title = "no-secret-literals: no credential is written in the files, passwords "
            + "come from sensitive variables without defaults (Checkov CKV_AWS_41, CKV_SECRET_2)",
            hint = "Everything in these files ends up in git history and CI logs. What may a reader of the "
                    + "repository learn, and where should the rest come from at apply time?",
            teaches = "#reviewing-terraform-before-it-runs")
    void no_secret_literals(Submission submission) {
        TerraformConfig config = config(submission);
        for (TerraformBlock block : config.blocks()) {
            scanForLiterals(block);
        }
        for (TerraformBlock variable : config.blocks("variable")) {
            boolean credential = CREDENTIAL.matcher(variable.label(0)).find();
            boolean sensitive = variable.argument("sensitive").map(HclExpression::isTrue).orElse(false);
            if (credential && !sensitive) {
                throw new CheckFailure(variable.describe() + " holds a credential and is not marked sensitive = "
                        + "true: Terraform prints its value in every plan and apply.");
            }
            if ((credential || sensitive) && variable.argument("default").isPresent()) {
                throw new CheckFailure(variable.describe() + " has a default (" + variable.at("default") + "): the "
                        + "secret is written in the files after all. Leave it without one, so its value comes from "
                        + "outside at apply time (TF_VAR_" + variable.label(0) + ", a secret store).");
            }
        }
        for (TerraformBlock db : databases(config)) {
            boolean managed = db.argument("manage_master_user_password").map(HclExpression::isTrue).orElse(false);
            Optional<HclExpression> password = db.argument("password");
            if (!managed && password.isEmpty()) {
                throw new CheckFailure(db.describe() + " sets no password and no manage_master_user_password = true: "
                        + "RDS cannot create it without one of them.");
            }
            if (password.isPresent() && password.get() instanceof Reference r && r.parts().getFirst().equals("var")) {
                String name = r.parts().size() > 1 ? r.parts().get(1) : "";
                TerraformBlock variable = config.variable(name).orElseThrow(() -> new CheckFailure(db.describe()
                        + " takes its password from var." + name + ", which no variable block declares."));
                if (!variable.argument("sensitive").map(HclExpression::isTrue).orElse(false)) {
                    throw new CheckFailure(db.describe() + " takes its password from " + variable.describe()
                            + ", which is not marked sensitive = true: Terraform prints it in every plan.");
                }
            }
        }
    }

    private void scanForLiterals(TerraformBlock block) {
        if (block.type().equals("variable")) {
            return; // a variable's description and type say nothing secret; its default is judged on its own
        }
        for (var argument : block.arguments().entrySet()) {
            String name = argument.getKey();
            for (Literal literal : argument.getValue().literals()) {
                String text = literal.text();
                if (AWS_ACCESS_KEY.matcher(text).find()) {
                    throw new CheckFailure("An AWS access key id is written in " + block.describe() + " (" + name
                            + ", " + block.file() + ", line " + literal.line() + "): whoever reads the repository "
                            + "can use it. Let the provider find credentials in its environment (a role, "
                            + "AWS_PROFILE) instead.");
                }
                if (CREDENTIAL.matcher(name).find() && !text.isEmpty() && literal.value() instanceof String
                        && !name.equals("manage_master_user_password")) {
                    throw new CheckFailure(name + " of " + block.describe() + " is written as a literal ("
                            + block.file() + ", line " + literal.line() + "): it is in the repository, in its "
                            + "history, and in every plan printed by CI. Take it from a variable marked "
                            + "sensitive, or let RDS manage it (manage_master_user_password = true).");
                }
            }
        }
        for (TerraformBlock nested : block.blocks()) {
            scanForLiterals(nested);
        }
    }

    @Check(order = 9, points = 2, title = "environment-tags: every resource that takes tags is tagged with its "
            + "environment (tflint's aws_resource_missing_tags; Checkov has no such rule)",
            hint = "Months from now, someone looks at a bill or a console full of databases. What tells them which "
                    + "ones staging may delete?",
            teaches = "#reviewing-terraform-before-it-runs")
    void environment_tags(Submission submission) {
        TerraformConfig config = config(submission);
        boolean defaults = config.providers("aws").stream().flatMap(p -> p.blocks("default_tags").stream())
                .anyMatch(d -> d.argument("tags").map(t -> hasEnvironment(config, t)).orElse(false));
        if (defaults) {
            return;
        }
        List<TerraformBlock> taggable = config.resources().stream().filter(r -> TAGGABLE.contains(r.label(0)))
                .toList();
        if (taggable.isEmpty()) {
            throw new CheckFailure(MAIN + " declares no resource to tag: where are the state bucket and the "
                    + "database?");
        }
        for (TerraformBlock resource : taggable) {
            Optional<HclExpression> tags = resource.argument("tags");
            if (tags.isEmpty() || !hasEnvironment(config, tags.get())) {
                throw new CheckFailure(resource.describe() + (tags.isEmpty() ? " has no tags" : " has tags without "
                        + "an Environment key (" + resource.at("tags") + ")") + ", and the aws provider sets no "
                        + "default_tags with one: nothing on it says it belongs to staging.");
            }
        }
    }

    private static boolean hasEnvironment(TerraformConfig config, HclExpression tags) {
        return switch (tags) {
            case ObjectValue o -> o.entries().entrySet().stream().anyMatch(e -> e.getKey().toLowerCase(Locale.ROOT)
                    .matches("environment|env") && !(e.getValue() instanceof Literal l && l.text().isBlank()));
            case Call c when c.function().equals("merge") -> c.arguments().stream()
                    .anyMatch(a -> hasEnvironment(config, a));
            case Reference r when r.parts().size() == 2 && r.parts().get(0).equals("local") ->
                    config.local(r.parts().get(1)).map(v -> !(v instanceof Reference) && hasEnvironment(config, v))
                            .orElse(false);
            case Reference r when r.parts().size() == 2 && r.parts().get(0).equals("var") ->
                    config.variable(r.parts().get(1)).flatMap(v -> v.argument("default"))
                            .map(d -> hasEnvironment(config, d)).orElse(false);
            default -> false;
        };
    }

    @Check(order = 10, points = 2, title = "staging-is-destroyable: nothing stops terraform destroy, and nothing "
            + "points at resources made by hand (the opposite of Checkov's CKV_AWS_293, on purpose)",
            hint = "A rebuild drill is terraform destroy, then apply, from a terminal. Which settings make the "
                    + "first refuse, and which make the second depend on something nobody wrote down?",
            teaches = "#rebuilding-from-scratch-as-a-routine-drill")
    void staging_is_destroyable(Submission submission) {
        TerraformConfig config = config(submission);
        for (TerraformBlock resource : config.resources()) {
            for (TerraformBlock lifecycle : resource.blocks("lifecycle")) {
                if (lifecycle.argument("prevent_destroy").map(HclExpression::isTrue).orElse(false)) {
                    throw new CheckFailure(resource.describe() + " sets prevent_destroy = true ("
                            + lifecycle.at("prevent_destroy") + "): terraform destroy refuses to run at all, so "
                            + "staging cannot be rebuilt from the CLI. Keep that for production.");
                }
            }
        }
        for (TerraformBlock db : databases(config)) {
            if (db.argument("deletion_protection").map(HclExpression::isTrue).orElse(false)) {
                throw new CheckFailure(db.describe() + " hard-wires deletion_protection = true ("
                        + db.at("deletion_protection") + "): RDS refuses terraform destroy. Decide it per "
                        + "environment, with a variable that is false for staging and true for production.");
            }
            boolean skip = db.argument("skip_final_snapshot").map(HclExpression::isTrue).orElse(false);
            if (!skip && db.argument("final_snapshot_identifier").isEmpty()) {
                throw new CheckFailure(db.describe() + " neither skips the final snapshot nor names it: terraform "
                        + "destroy fails on it (\"final_snapshot_identifier is required when skip_final_snapshot "
                        + "is false\").");
            }
        }
        for (TerraformBlock block : config.blocks()) {
            if (block.type().equals("resource") || block.type().equals("variable") || block.type().equals("locals")) {
                hardWired(block);
            }
        }
    }

    private static void hardWired(TerraformBlock block) {
        for (var argument : block.arguments().entrySet()) {
            if (argument.getKey().equals("description")) {
                continue;
            }
            for (Literal literal : argument.getValue().literals()) {
                if (literal.value() instanceof String text && HARD_WIRED_ID.matcher(text.strip()).matches()) {
                    throw new CheckFailure(argument.getKey() + " of " + block.describe() + " is the id of something "
                            + "made outside this configuration, \"" + text + "\" (" + block.file() + ", line "
                            + literal.line() + "): a rebuild depends on it still existing, and nothing here says "
                            + "how it was made. Declare it, look it up with a data source, or pass it in.");
                }
            }
        }
        for (TerraformBlock nested : block.blocks()) {
            hardWired(nested);
        }
    }

    private static TerraformConfig config(Submission submission) {
        return TerraformConfig.read(submission, MAIN, VARIABLES);
    }

    /** The bucket the s3 backend names, else the only bucket, else one whose name says state. */
    private static TerraformBlock stateBucket(TerraformConfig config) {
        Optional<TerraformBlock> named = config.settings().stream().flatMap(t -> t.blocks("backend").stream())
                .filter(b -> b.label(0).equals("s3")).flatMap(b -> b.argument("bucket").stream())
                .map(v -> config.resolve(v, "aws_s3_bucket", "bucket")).flatMap(Optional::stream).findFirst();
        if (named.isPresent()) {
            return named.get();
        }
        List<TerraformBlock> buckets = config.resources("aws_s3_bucket");
        if (buckets.size() == 1) {
            return buckets.getFirst();
        }
        return buckets.stream().filter(b -> b.address().toLowerCase(Locale.ROOT).contains("state")).findFirst()
                .orElseThrow(() -> new CheckFailure(MAIN + " declares " + (buckets.isEmpty() ? "no aws_s3_bucket"
                        : buckets.size() + " buckets and no backend names one") + ": there is no bucket to keep the "
                        + "state in."));
    }

    private static List<TerraformBlock> databases(TerraformConfig config) {
        List<TerraformBlock> dbs = config.resources("aws_db_instance");
        if (dbs.isEmpty()) {
            throw new CheckFailure(MAIN + " declares no aws_db_instance: staging's database is missing.");
        }
        return dbs;
    }

    /** A number written as a literal, or as a variable whose default is one. */
    private static Optional<BigDecimal> number(TerraformConfig config, HclExpression value) {
        if (value instanceof Literal l && l.value() instanceof BigDecimal n) {
            return Optional.of(n);
        }
        if (value instanceof Reference r && r.parts().size() == 2 && r.parts().get(0).equals("var")) {
            return config.variable(r.parts().get(1)).flatMap(v -> v.argument("default"))
                    .flatMap(d -> number(config, d));
        }
        return Optional.empty();
    }
}
