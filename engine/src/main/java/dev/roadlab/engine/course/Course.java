package dev.roadlab.engine.course;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded course: its modules in path order and the files they reference (images), all in memory.
 *
 * @param id       course id
 * @param title    course title
 * @param summary  one or two sentences
 * @param modules  modules in order
 * @param files    other files of the course folder by relative path ("images/x.svg")
 */
public record Course(String id, String title, String summary, List<CourseModule> modules, Map<String, byte[]> files) {

    public Course {
        modules = List.copyOf(modules);
        files = Map.copyOf(files);
    }

    public Optional<CourseModule> module(String id) {
        return modules.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The module that introduces a lab, if any. */
    public Optional<CourseModule> moduleOfLab(String labId) {
        return modules.stream().filter(m -> m.labs().contains(labId)).findFirst();
    }

    public Optional<CourseModule> previous(CourseModule module) {
        return module.position() == 0 ? Optional.empty() : Optional.of(modules.get(module.position() - 1));
    }

    public Optional<CourseModule> next(CourseModule module) {
        return module.position() + 1 >= modules.size() ? Optional.empty() : Optional.of(modules.get(module.position() + 1));
    }
}
