package dev.roadlab.grader.jsonschema;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSON Schema {@code pattern}s with a time budget per match: Java's regex engine backtracks, so a pattern such as
 * {@code ^(a+)+$} against "aaaa…b" could run for hours. Matching reads the input through a sequence that gives up
 * once the budget is spent.
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    private final Duration budget;

    BoundedRegularExpressions(Duration budget) {
        this.budget = budget;
    }

    /** A match ran out of time: the pattern backtracks catastrophically on this input. */
    static final class BudgetExceeded extends RuntimeException {
        final String pattern;
        final int inputLength;

        BudgetExceeded(String pattern, int inputLength) {
            super("pattern took too long", null, false, false);
            this.pattern = pattern;
            this.inputLength = inputLength;
        }
    }

    /**
     * A match overflowed the thread's stack: java.util.regex recurses once per repetition of a group with
     * alternatives, so {@code ^(a|b)*$} fails on a long enough string whatever its time budget.
     */
    static final class StackExhausted extends RuntimeException {
        final String pattern;
        final int inputLength;

        StackExhausted(String pattern, int inputLength) {
            super("pattern overflowed the stack", null, false, false);
            this.pattern = pattern;
            this.inputLength = inputLength;
        }
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern " + regex + ": " + e.getDescription(), e);
        }
        return input -> {
            long deadline = System.nanoTime() + budget.toNanos();
            try {
                return pattern.matcher(new DeadlineCharSequence(input, deadline, regex)).find();
            } catch (StackOverflowError e) {
                // Caught where the match began, so the stack has unwound and the thread is usable again.
                throw new StackExhausted(regex, input.length());
            }
        };
    }

    /** Reads through to the input and throws once the deadline passed (checked every few thousand reads). */
    private record DeadlineCharSequence(String text, long deadline, String regex, int[] reads) implements CharSequence {

        DeadlineCharSequence(String text, long deadline, String regex) {
            this(text, deadline, regex, new int[1]);
        }

        @Override
        public char charAt(int index) {
            if ((++reads[0] & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new BudgetExceeded(regex, text.length());
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(text.substring(start, end), deadline, regex, reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
