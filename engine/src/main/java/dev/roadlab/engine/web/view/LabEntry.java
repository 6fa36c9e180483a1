package dev.roadlab.engine.web.view;

import dev.roadlab.engine.progress.LabState;

/**
 * A lab as a learner's path shows it.
 *
 * @param lab    the lab
 * @param state  where the learner is with it
 */
public record LabEntry(LabCard lab, LabState state) {

    public String stateClass() {
        return ProgressLabels.cssName(state);
    }

    /** What the learner reads next to the lab. */
    public String stateLabel() {
        return switch (state) {
            case NOT_STARTED -> "Not started";
            case ATTEMPTED -> "Tried, not passed yet";
            case PASSED -> "Passed";
        };
    }
}
