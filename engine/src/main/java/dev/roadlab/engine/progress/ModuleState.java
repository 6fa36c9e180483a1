package dev.roadlab.engine.progress;

/** Where a learner is with a module: its reading and its labs. */
public enum ModuleState {
    /** Not read, no lab passed. */
    NOT_STARTED,
    /** Read but a lab is left, or a lab passed before the reading was marked. */
    STARTED,
    /** Read and every lab passed. */
    COMPLETE
}
