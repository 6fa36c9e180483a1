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
 * @param headings    every heading of the body, with the ids its HTML carries
 * @param sections    the body's text by section, for search
 * @param words       words in the body, for the reading time
 */
public record CourseModule(String id, int position, String title, String summary, List<String> objectives,
                           List<String> labs, String html, List<Heading> headings, List<Section> sections, int words) {

    /** Reading speed for the estimate: a common figure for adults reading technical prose on screen. */
    static final int WORDS_PER_MINUTE = 230;

    public CourseModule {
        objectives = List.copyOf(objectives);
        labs = List.copyOf(labs);
        headings = List.copyOf(headings);
        sections = List.copyOf(sections);
    }

    /** The table of contents: level-2 and level-3 headings. */
    public List<Heading> toc() {
        return headings.stream().filter(h -> h.level() == 2 || h.level() == 3).toList();
    }

    /** Whole minutes to read it, at least one. */
    public int readingMinutes() {
        return Math.max(1, Math.round((float) words / WORDS_PER_MINUTE));
    }
}
