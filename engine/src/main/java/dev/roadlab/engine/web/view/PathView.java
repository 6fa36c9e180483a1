package dev.roadlab.engine.web.view;

import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.engine.progress.ModuleProgress;
import dev.roadlab.engine.progress.PathProgress;
import java.util.List;

/**
 * The learning path page.
 *
 * @param layout    the frame
 * @param summary   the course summary
 * @param steps     modules in order, each with its labs and the learner's progress
 * @param progress  the learner's progress along the whole path
 */
public record PathView(Layout layout, String summary, List<Step> steps, PathProgress progress) {

    /**
     * @param module    a module
     * @param labs      the labs it introduces, with the learner's state
     * @param progress  the learner's progress through it
     */
    public record Step(CourseModule module, List<LabEntry> labs, ModuleProgress progress) {

        public String stateLabel() {
            return ProgressLabels.module(progress);
        }

        /** "0 of 1 step", "2 of 3 steps". */
        public String stepsLabel() {
            return progress.done() + " of " + progress.total() + (progress.total() == 1 ? " step" : " steps");
        }

        public String stateClass() {
            return ProgressLabels.cssName(progress.state());
        }
    }
}
