package dev.roadlab.grader.terraform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value of an argument as written, not evaluated: a literal, a reference ({@code var.db_password},
 * {@code aws_s3_bucket.state.id}), a function call, a template, a list, an object, or anything else (a conditional,
 * an operation) kept as its parts. Static checks ask what a value is made of: "is this password a literal?".
 */
public sealed interface HclExpression {

    /** The line it starts on, from 1. */
    int line();

    /** A quoted string, a heredoc, a number, a boolean or null. */
    record Literal(Object value, int line) implements HclExpression {
        /** The literal as text ("" for null). */
        public String text() {
            return value == null ? "" : String.valueOf(value);
        }
    }

    /** A reference to something declared elsewhere, e.g. {@code var.environment} or {@code aws_kms_key.state.arn}. */
    record Reference(String path, int line) implements HclExpression {
        /** The first parts of the path: {@code [aws_kms_key, state]} of {@code aws_kms_key.state.arn}. */
        public List<String> parts() {
            return List.of(path.split("\\."));
        }
    }

    record Call(String function, List<HclExpression> arguments, int line) implements HclExpression {
    }

    /** A string with interpolations, such as {@code "state-${var.environment}"}: its literal and computed parts. */
    record Template(List<HclExpression> parts, int line) implements HclExpression {
    }

    record Tuple(List<HclExpression> items, int line) implements HclExpression {
    }

    /** An object ({@code { Environment = "staging" }}), keys in file order. */
    record ObjectValue(Map<String, HclExpression> entries, int line) implements HclExpression {
        public Optional<HclExpression> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /** A type constraint ({@code string}, {@code list(string)}), as in a variable's {@code type}. */
    record TypeName(String name, int line) implements HclExpression {
    }

    /** Any other expression (a conditional, arithmetic, a for expression), kept as its parts. */
    record Compound(List<HclExpression> parts, String text, int line) implements HclExpression {
    }

    /** The literal value, if the whole expression is one. */
    default Optional<Literal> literal() {
        return this instanceof Literal l ? Optional.of(l) : Optional.empty();
    }

    /** Whether it is the literal {@code true}. */
    default boolean isTrue() {
        return this instanceof Literal l && Boolean.TRUE.equals(l.value());
    }

    /** Every reference in it, however deep. */
    default List<Reference> references() {
        return switch (this) {
            case Reference r -> List.of(r);
            case Call c -> c.arguments().stream().flatMap(a -> a.references().stream()).toList();
            case Template t -> t.parts().stream().flatMap(a -> a.references().stream()).toList();
            case Tuple t -> t.items().stream().flatMap(a -> a.references().stream()).toList();
            case ObjectValue o -> o.entries().values().stream().flatMap(a -> a.references().stream()).toList();
            case Compound c -> c.parts().stream().flatMap(a -> a.references().stream()).toList();
            default -> List.of();
        };
    }

    /** Every literal in it, however deep (the keys of objects excluded). */
    default List<Literal> literals() {
        return switch (this) {
            case Literal l -> List.of(l);
            case Call c -> c.arguments().stream().flatMap(a -> a.literals().stream()).toList();
            case Template t -> t.parts().stream().flatMap(a -> a.literals().stream()).toList();
            case Tuple t -> t.items().stream().flatMap(a -> a.literals().stream()).toList();
            case ObjectValue o -> o.entries().values().stream().flatMap(a -> a.literals().stream()).toList();
            case Compound c -> c.parts().stream().flatMap(a -> a.literals().stream()).toList();
            default -> List.of();
        };
    }
}
