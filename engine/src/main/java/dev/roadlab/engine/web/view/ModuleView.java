package dev.roadlab.engine.web.view;

import dev.roadlab.engine.course.CourseModule;
import java.util.List;

/**
 * A module page.
 *
 * @param layout    the frame
 * @param module    the module (its HTML rendered at load)
 * @param labs      its labs
 * @param previous  the module before it on the path, or null
 * @param next      the module after it, or null
 */
public record ModuleView(Layout layout, CourseModule module, List<LabCard> labs, CourseModule previous,
                         CourseModule next) {
}
