package dev.roadlab.engine.search;

import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseLinks;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.engine.course.Section;
import dev.roadlab.grader.lab.Lab;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What search finds in a course: each module's opening and each of its sections, and each lab. */
public final class CourseSearch {

    private CourseSearch() {
    }

    public static SearchIndex index(Course course, Collection<Lab> labs, CourseLinks links) {
        List<SearchDocument> documents = new ArrayList<>();
        for (CourseModule module : course.modules()) {
            String url = links.module(module.id());
            StringBuilder opening = new StringBuilder(module.summary());
            module.objectives().forEach(o -> opening.append(' ').append(o));
            List<SearchDocument> sections = new ArrayList<>();
            for (Section section : module.sections()) {
                if (section.anchor().isEmpty()) {
                    opening.append(' ').append(section.text());
                } else {
                    sections.add(new SearchDocument(section.title(), module.title(), url + "#" + section.anchor(),
                            section.text()));
                }
            }
            documents.add(new SearchDocument(module.title(), "Module " + module.position(), url,
                    opening.toString().strip()));
            documents.addAll(sections);
        }
        for (Lab lab : labs) {
            documents.add(new SearchDocument(lab.definition().title(), "Lab", links.lab(lab.id()),
                    lab.definition().summary()));
        }
        return SearchIndex.of(documents);
    }
}
