package dev.roadlab.engine.web.view;

import dev.roadlab.engine.course.CourseModule;
import java.util.List;

/**
 * The learning path page.
 *
 * @param layout   the frame
 * @param summary  the course summary
 * @param steps    modules in order, each with its labs
 */
public record PathView(Layout layout, String summary, List<Step> steps) {

    /** @param module a module; @param labs the labs it introduces */
    public record Step(CourseModule module, List<LabCard> labs) {
    }
}
