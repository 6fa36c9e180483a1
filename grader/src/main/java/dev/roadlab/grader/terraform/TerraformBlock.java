package dev.roadlab.grader.terraform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block as written: {@code resource "aws_db_instance" "main" { ... }} has type {@code resource} and labels
 * {@code [aws_db_instance, main]}; its arguments (by name, in file order) and its nested blocks.
 *
 * @param argumentLines the line of each argument
 */
public record TerraformBlock(String file, String type, List<String> labels, Map<String, HclExpression> arguments,
                             Map<String, Integer> argumentLines, List<TerraformBlock> blocks, int line) {

    public TerraformBlock {
        labels = List.copyOf(labels);
        blocks = List.copyOf(blocks);
    }

    public Optional<HclExpression> argument(String name) {
        return Optional.ofNullable(arguments.get(name));
    }

    /** The nested blocks of a type, e.g. {@code blocks("lifecycle")}. */
    public List<TerraformBlock> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    public Optional<TerraformBlock> block(String type) {
        return blocks(type).stream().findFirst();
    }

    /** A label, or "". */
    public String label(int index) {
        return index < labels.size() ? labels.get(index) : "";
    }

    /** {@code aws_db_instance.main} for a resource, {@code var.db_password} for a variable, else its header. */
    public String address() {
        return switch (type) {
            case "resource" -> label(0) + "." + label(1);
            case "data" -> "data." + label(0) + "." + label(1);
            case "variable" -> "var." + label(0);
            case "module" -> "module." + label(0);
            default -> labels.isEmpty() ? type : type + " \"" + String.join("\" \"", labels) + "\"";
        };
    }

    /** "main.tf, line 12". */
    public String at() {
        return file + ", line " + line;
    }

    /** "main.tf, line 14", the line of an argument (the block's when it is absent). */
    public String at(String argument) {
        return file + ", line " + argumentLines.getOrDefault(argument, line);
    }

    /** "aws_db_instance.main (main.tf, line 12)". */
    public String describe() {
        return address() + " (" + at() + ")";
    }
}
