package dev.roadlab.engine.web.view;

import dev.roadlab.engine.progress.ModuleProgress;

/** How a module's progress reads in a sentence: "Not started", "Read", "Read · 1 of 2 labs passed", "Complete". */
final class ProgressLabels {

    private ProgressLabels() {
    }

    /** A state as a CSS class suffix: NOT_STARTED becomes "not-started". */
    static String cssName(Enum<?> state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static String module(ModuleProgress progress) {
        return switch (progress.state()) {
            case NOT_STARTED -> "Not started";
            case COMPLETE -> progress.labs().isEmpty() ? "Read" : "Complete";
            case STARTED -> (progress.read() ? "Read" : "Not read yet") + " · " + progress.labsPassed() + " of "
                    + progress.labs().size() + " lab" + (progress.labs().size() == 1 ? "" : "s") + " passed";
        };
    }
}
