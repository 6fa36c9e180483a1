package dev.roadlab.engine.cohorts;

/** Input a cohort operation cannot take (a name too long, an invite valid for a year), with what to change. */
public final class CohortProblem extends RuntimeException {

    public CohortProblem(String problem) {
        super(problem);
    }
}
