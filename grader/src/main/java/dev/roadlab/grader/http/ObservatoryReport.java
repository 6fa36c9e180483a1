package dev.roadlab.grader.http;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Observatory-style grading of a set of responses: each page's score and grade, and the tests that could not
 * be judged from responses.
 *
 * @param pages   one per response, in order
 * @param leftOut the Observatory's tests (or parts) not judged, with why
 */
public record ObservatoryReport(List<Page> pages, List<String> leftOut) {

    /** One test's outcome on one page. */
    public record TestResult(String test, Expectation result, int modifier, boolean pass) {

        public String describe() {
            return test + ": " + result.id() + " (" + (modifier > 0 ? "+" : "") + modifier + ")";
        }
    }

    /** One response graded as an Observatory front page. */
    public record Page(String request, int score, String grade, List<TestResult> tests) {

        public Page {
            tests = List.copyOf(tests);
        }

        public TestResult test(String name) {
            return tests.stream().filter(t -> t.test().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test " + name + " on " + request));
        }

        /** {@code GET / (200): 115 (A+)}, then the tests that cost points. */
        public String describe() {
            List<String> costs = tests.stream().filter(t -> t.modifier() < 0).map(TestResult::describe).toList();
            return request + ": " + score + " (" + grade + ")" + (costs.isEmpty() ? "" : "; " + String.join("; ", costs));
        }
    }

    public ObservatoryReport {
        pages = List.copyOf(pages);
        leftOut = List.copyOf(leftOut);
    }

    /** The weakest page (the first of the lowest score). */
    public Page worst() {
        return pages.stream().min(Comparator.comparingInt(Page::score))
                .orElseThrow(() -> new IllegalStateException("no responses were graded"));
    }

    /** The set's score: its weakest page's. */
    public int score() {
        return worst().score();
    }

    /** The set's grade: its weakest page's. */
    public String grade() {
        return worst().grade();
    }

    /** Whether the set's grade is {@code grade} or better, e.g. {@code isAtLeast("A")} holds for A and A+. */
    public boolean isAtLeast(String grade) {
        int wanted = Observatory.GRADES.indexOf(grade);
        if (wanted < 0) {
            throw new IllegalArgumentException("not a grade: " + grade);
        }
        return Observatory.GRADES.indexOf(grade()) <= wanted;
    }

    /** One line per page, then what was left out. */
    public String describe() {
        return pages.stream().map(Page::describe).collect(Collectors.joining("\n"))
                + "\nNot judged: " + String.join("; ", leftOut);
    }
}
