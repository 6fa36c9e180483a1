package dev.roadlab.engine.progress;

/** Where a learner is with a lab. */
public enum LabState {
    /** No submission yet. */
    NOT_STARTED,
    /** Submitted, never passed. */
    ATTEMPTED,
    /** At least one submission finished with verdict passed. */
    PASSED
}
