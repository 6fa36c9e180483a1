package dev.roadlab.grader.check;

/**
 * The submission itself is invalid (SQL that does not parse, YAML that is not YAML): the check's verdict is
 * {@code error}, and the message is shown to the learner as is.
 */
public class SubmissionError extends RuntimeException {

    private final boolean dependent;

    public SubmissionError(String message) {
        this(message, false);
    }

    /**
     * @param dependent the check could not run because an earlier step of the same submission failed (its own hint
     *                  would not help; the failing step's does)
     */
    public SubmissionError(String message, boolean dependent) {
        super(message, null, false, false);
        this.dependent = dependent;
    }

    public boolean dependent() {
        return dependent;
    }
}
