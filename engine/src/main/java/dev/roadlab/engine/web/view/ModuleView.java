package dev.roadlab.engine.web.view;

import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.engine.progress.ModuleProgress;
import java.util.List;

/**
 * A module page.
 *
 * @param layout     the frame
 * @param module     the module (its HTML rendered at load)
 * @param labs       its labs, with the learner's state
 * @param previous   the module before it on the path, or null
 * @param next       the module after it, or null
 * @param progress   the learner's progress through it
 * @param csrfToken  the token the mark-as-read form carries
 * @param prose      the module's HTML ({@code module.html()}), encoded to UTF-8 once at start
 */
public record ModuleView(Layout layout, CourseModule module, List<LabEntry> labs, CourseModule previous,
                         CourseModule next, ModuleProgress progress, String csrfToken, PreEncoded prose) {

    public String stateLabel() {
        return ProgressLabels.module(progress);
    }

    public String stateClass() {
        return ProgressLabels.cssName(progress.state());
    }
}
