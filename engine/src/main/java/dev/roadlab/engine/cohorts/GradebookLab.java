package dev.roadlab.engine.cohorts;

import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.grader.lab.CheckInfo;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A lab as a gradebook column.
 *
 * @param checks the lab's checks in report order, for the per-check statistics
 */
public record GradebookLab(String id, String title, int maxScore, List<Check> checks) {

    /** A check as its lab declares it. */
    public record Check(String id, String title) {
    }

    public GradebookLab {
        checks = List.copyOf(checks);
    }

    /** The course's labs in course order (module by module, as course.yaml lists them), each once. */
    public static List<GradebookLab> of(Course course, LabCatalog catalog) {
        Set<String> ids = new LinkedHashSet<>();
        for (CourseModule module : course.modules()) {
            ids.addAll(module.labs());
        }
        List<GradebookLab> labs = new ArrayList<>();
        for (String id : ids) {
            Optional<Lab> lab = catalog.find(id);
            lab.ifPresent(l -> labs.add(new GradebookLab(l.id(), l.definition().title(), l.maxScore(),
                    l.checks().stream().map(GradebookLab::check).toList())));
        }
        return List.copyOf(labs);
    }

    private static Check check(CheckInfo info) {
        return new Check(info.id(), info.title());
    }
}
