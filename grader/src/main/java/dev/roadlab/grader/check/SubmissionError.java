package dev.roadlab.grader.check;

/**
 * The submission itself is invalid (SQL that does not parse, YAML that is not YAML): the check's verdict is
 * {@code error}, and the message is shown to the learner as is.
 */
public class SubmissionError extends RuntimeException {

    public SubmissionError(String message) {
        super(message, null, false, false);
    }
}
