package dev.roadlab.engine.submissions;

import java.util.Locale;

/** Where a submission is in its life: waiting for a worker, being graded, graded. */
public enum SubmissionStatus {
    QUEUED, RUNNING, DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubmissionStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
