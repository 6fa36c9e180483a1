package dev.roadlab.grader.submission;

import java.util.List;

/** The submission does not fit the lab's file rules; each problem names the file and the rule. */
public class InvalidSubmissionException extends RuntimeException {

    private final List<String> problems;

    public InvalidSubmissionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
