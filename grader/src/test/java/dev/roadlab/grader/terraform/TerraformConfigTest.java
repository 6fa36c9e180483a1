package dev.roadlab.grader.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.terraform.HclExpression.Call;
import dev.roadlab.grader.terraform.HclExpression.Literal;
import dev.roadlab.grader.terraform.HclExpression.ObjectValue;
import dev.roadlab.grader.terraform.HclExpression.Reference;
import dev.roadlab.grader.terraform.HclExpression.Template;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Terraform read as written: blocks, arguments and expressions with their lines; what Terraform refuses, refused. */
class TerraformConfigTest {

    static final String MAIN = """
            terraform {
              required_version = ">= 1.6"
              backend "s3" {
                bucket         = "acme-terraform-state"
                key            = "staging/terraform.tfstate"
                encrypt        = true
                dynamodb_table = "terraform-locks"
              }
            }

            locals {
              tags = {
                Environment = var.environment
                "Team"      = "platform"
              }
            }

            # the state bucket
            resource "aws_s3_bucket" "state" {
              bucket = "acme-terraform-state" // inline comment
              tags   = merge(local.tags, { Name = "state-${var.environment}" })
            }

            resource "aws_s3_bucket_versioning" "state" {
              bucket = aws_s3_bucket.state.id
              versioning_configuration {
                status = "Enabled"
              }
            }

            /* the database */
            resource "aws_db_instance" "main" {
              password                = var.db_password
              backup_retention_period = 7
              vpc_security_group_ids  = [aws_security_group.db.id]
              count                   = var.enabled ? 1 : 0
              description             = <<-EOT
                hello ${var.x}
              EOT
              lifecycle {
                prevent_destroy = false
              }
            }
            """;

    @Test
    void blocks_arguments_and_expressions_are_read_with_their_lines() {
        TerraformConfig config = TerraformConfig.of(Map.of("main.tf", MAIN));
        TerraformBlock backend = config.settings().getFirst().block("backend").orElseThrow();
        assertThat(backend.labels()).containsExactly("s3");
        assertThat(backend.argument("encrypt").orElseThrow().isTrue()).isTrue();
        assertThat(backend.at("dynamodb_table")).isEqualTo("main.tf, line 7");
        TerraformBlock bucket = config.resource("aws_s3_bucket", "state").orElseThrow();
        assertThat(bucket.describe()).isEqualTo("aws_s3_bucket.state (main.tf, line 19)");
        Call tags = (Call) bucket.argument("tags").orElseThrow();
        assertThat(tags.function()).isEqualTo("merge");
        assertThat(tags.arguments().getFirst()).isEqualTo(new Reference("local.tags", 21));
        ObjectValue extra = (ObjectValue) tags.arguments().get(1);
        assertThat(extra.get("Name").orElseThrow()).isInstanceOf(Template.class);
        ObjectValue localTags = (ObjectValue) config.local("tags").orElseThrow();
        assertThat(localTags.entries().keySet()).containsExactly("Environment", "Team");
        TerraformBlock db = config.resource("aws_db_instance", "main").orElseThrow();
        assertThat(db.argument("password").orElseThrow()).isEqualTo(new Reference("var.db_password", 33));
        assertThat(db.argument("backup_retention_period").orElseThrow())
                .isEqualTo(new Literal(new BigDecimal("7"), 34));
        assertThat(db.argument("count").orElseThrow().references()).extracting(Reference::path)
                .containsExactly("var.enabled");
        assertThat(db.block("lifecycle").orElseThrow().argument("prevent_destroy").orElseThrow().isTrue()).isFalse();
        TerraformBlock versioning = config.resources("aws_s3_bucket_versioning").getFirst();
        assertThat(config.resolve(versioning.argument("bucket").orElseThrow(), "aws_s3_bucket", "bucket"))
                .contains(bucket);
        assertThat(config.resolve(new Literal("acme-terraform-state", 1), "aws_s3_bucket", "bucket")).contains(bucket);
        assertThat(config.attachedTo(bucket, "aws_s3_bucket_versioning", "bucket", "bucket")).containsExactly(versioning);
    }

    @Test
    void what_terraform_would_not_parse_is_refused_with_file_and_line() {
        refused("resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"a\"\n", "main.tf, line 1: the '{' opened here is "
                + "never closed");
        refused("resource \"a\" \"b\" {\n  x = \"unterminated\n}\n", "main.tf, line 2: a string opened here is not "
                + "closed on its line");
        refused("this is not hcl at all }}} {{ ]]", "main.tf, line 1: unknown block type 'this'");
        refused("bucket = \"a\"\n", "main.tf, line 1: 'bucket = ...' is outside any block");
        refused("resource \"a\" \"b\" {\n  acl =\n}\n", "main.tf, line 2: the argument 'acl' has no value");
        refused("resource \"a\" \"b\" {\n  x = 1\n  x = 2\n}\n", "main.tf, line 3: the argument 'x' is given twice");
        refused("resource \"a\" \"b\" {\n  x = [1, 2}\n}\n", "main.tf, line 2: '}' closes nothing: the '[' opened on "
                + "line 2 is still open");
        refused("/* never closed\nresource \"a\" \"b\" {}\n", "main.tf, line 1: a comment opened here with /* is never "
                + "closed");
        refused("locals {\n  x = <<EOT\nhello\n}\n", "main.tf, line 2: the heredoc <<EOT opened here never ends");
        refused("locals {\n  x = " + "[".repeat(100) + "]".repeat(100) + "\n}\n", "nested more than 64 levels deep");
        refused("\u0000\u0001garbage", "main.tf, line 1: unexpected '\\u0000' outside any block");
    }

    /**
     * A long file is read whole and a runaway template refused. How long reading takes is not asserted here (a timed
     * unit test decides by machine load): hcl4j's lexer grows faster than the text (about 40 ms for 16 KB, 700 ms for
     * 64 KB, warm), so the lab caps main.tf at 32 KB, and the grader's check limit stops anything slower.
     */
    @Test
    void hostile_text_is_read_or_refused() {
        Map<String, String> big = new LinkedHashMap<>();
        StringBuilder many = new StringBuilder();
        for (int i = 0; many.length() < 200_000; i++) {
            many.append("resource \"aws_s3_bucket\" \"b").append(i).append("\" {\n  bucket = \"b").append(i)
                    .append("\"\n  tags = { Environment = \"staging\" }\n}\n");
        }
        big.put("main.tf", many.toString());
        assertThat(TerraformConfig.of(big).resources("aws_s3_bucket")).hasSizeGreaterThan(2_000);
        refused("locals {\n  x = \"" + "${\"".repeat(200) + "\n}\n", "main.tf, line 2:");
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> TerraformConfig.of(Map.of("main.tf", text))).isInstanceOf(SubmissionError.class)
                .hasMessageContaining(message);
    }
}
