package dev.roadlab.grader.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.ValueWrapper;

/**
 * The message of an assertion a check made with JUnit's or AssertJ's own assertions rather than a
 * {@link dev.roadlab.grader.check.CheckFailure}, reworded for a learner: "expected x, found y", never
 * {@code ==> expected: <x> but was: <y>}. A lab's checks should say what they saw themselves; this is the net
 * under those that do not.
 */
final class LearnerWording {

    /** JUnit's {@code msg ==> expected: <x> but was: <y>}, and AssertJ's {@code expected: x\n but was: y}. */
    private static final Pattern EXPECTED_BUT_WAS = Pattern.compile(
            "(?s)\\s*(?:==>\\s*)?expected:\\s*<?(.*?)>?\\s*but was:\\s*<?(.*?)>?\\s*$");

    private LearnerWording() {
    }

    static String of(AssertionError error) {
        String message = error.getMessage() == null ? "" : error.getMessage().strip();
        if (error instanceof AssertionFailedError failed && failed.isExpectedDefined() && failed.isActualDefined()) {
            int arrow = message.indexOf("==>");
            String said = arrow >= 0 ? message.substring(0, arrow).strip() : "";
            return sentence(said, text(failed.getExpected()), text(failed.getActual()));
        }
        Matcher m = EXPECTED_BUT_WAS.matcher(message);
        if (m.find()) {
            return sentence(message.substring(0, m.start()).strip(), m.group(1).strip(), m.group(2).strip());
        }
        if (message.startsWith("Expecting")) {
            return "The expectation did not hold: " + message.replaceFirst("^Expecting( actual)?:?\\s*", "");
        }
        return message.isEmpty() ? "The expectation did not hold." : message;
    }

    private static String sentence(String said, String expected, String actual) {
        String found = "expected " + expected + ", found " + actual + ".";
        return said.isEmpty() ? Character.toUpperCase(found.charAt(0)) + found.substring(1)
                : said.replaceAll("[.:]+$", "") + ": " + found;
    }

    private static String text(ValueWrapper value) {
        return value.getValue() == null ? "nothing" : String.valueOf(value.getValue());
    }
}
