package dev.roadlab.grader.report;

/** Hears about a run while it happens, e.g. the CLI printing a line per check as it finishes. */
public interface GradeListener {

    GradeListener NONE = new GradeListener() {
    };

    /** The run's checks are about to start; {@code total} is how many there are. */
    default void started(String lab, int total) {
    }

    /** One check finished; {@code done} counts finished checks so far, of {@code total}. */
    default void checkFinished(CheckResult result, int done, int total) {
    }

    /** A run is started again after an infrastructure failure; what was reported so far is void. */
    default void retrying(String reason) {
    }
}
