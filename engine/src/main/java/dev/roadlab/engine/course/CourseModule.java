package dev.roadlab.engine.course;

import java.util.List;

/**
 * One module of the learning path, rendered once at load.
 *
 * @param id          stable id (course.yaml)
 * @param position    0-based place on the path
 * @param title       from front matter
 * @param summary     from front matter
 * @param objectives  from front matter
 * @param labs        ids of the labs this module introduces (course.yaml)
 * @param html        the body rendered to safe HTML (raw HTML escaped, URLs sanitized)
 * @param source      where the Markdown came from, for messages
 */
public record CourseModule(String id, int position, String title, String summary, List<String> objectives,
                           List<String> labs, String html, String source) {

    public CourseModule {
        objectives = List.copyOf(objectives);
        labs = List.copyOf(labs);
    }
}
