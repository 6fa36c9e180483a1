package dev.roadlab.grader.check;

/** A check (or the work it waited for) went over its wall-clock limit and was stopped from outside. */
public class CheckTimeoutException extends RuntimeException {

    public CheckTimeoutException(String message) {
        super(message, null, false, false);
    }
}
