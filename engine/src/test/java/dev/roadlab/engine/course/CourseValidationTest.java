package dev.roadlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roadlab.engine.links.Urls;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validator on fixture courses: every kind of mistake, reported as FILE:LINE: message, all at once. */
class CourseValidationTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer(new Urls(""));

    static Path fixture(String name) {
        try {
            return Path.of(CourseValidationTest.class.getResource("/courses/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_course_that_uses_every_feature_correctly_has_no_problems() {
        Course course = CourseLoader.fromFolder(fixture("valid"), renderer, Set.of("fixture-lab"));
        assertThat(course.modules()).extracting(CourseModule::id).containsExactly("first-steps", "next-steps");
        assertThat(course.files()).containsOnlyKeys("images/diagram.svg");
    }

    @Test
    void every_problem_of_a_broken_course_is_listed_with_its_file_and_line() {
        Path dir = fixture("broken");
        InvalidCourseException e = catchThrowableOfType(InvalidCourseException.class,
                () -> CourseLoader.fromFolder(dir, renderer, Set.of("real-lab")));
        String at = dir.toAbsolutePath().normalize() + "/";
        assertThat(e.problems()).containsExactly(
                at + "course.yaml:4: unknown key 'lab' (known: id, modules, summary, title)",
                at + "course.yaml:8: module 'first' names lab 'no-such-lab', which is not in the lab catalog (labs: real-lab)",
                at + "course.yaml:11: module 'missing' names modules/missing.md, which does not exist",
                at + "course.yaml:13: module id 'Bad_Id' must be lower-case letters, digits and dashes (it is part of the URL)",
                at + "modules/bad-yaml.md:4: not valid YAML: expected ',' or ']', but got <stream end> "
                        + "(while parsing a flow sequence that starts on line 3)",
                at + "modules/first.md:2: 'summary' is required",
                at + "modules/first.md:3: unknown key 'objective' (known: objectives, summary, title)",
                at + "modules/first.md:8: links to module 'nowhere', which is not in course.yaml "
                        + "(modules: Bad_Id, first, missing, second)",
                at + "modules/first.md:9: links to 'module:second#no-such-heading', but module 'second' has no heading "
                        + "with the anchor 'no-such-heading'",
                at + "modules/first.md:10: links to '#nowhere-here', but this module has no heading with that anchor",
                at + "modules/first.md:11: links to lab 'ghost-lab', which is not in the lab catalog (labs: real-lab)",
                at + "modules/first.md:12: link 'javascript:alert(1)' is not allowed: use http(s), mailto, module:ID, "
                        + "lab:ID or #anchor",
                at + "modules/first.md:12: relative link 'second.md' would not resolve from the module's page: use "
                        + "module:ID, lab:ID, #anchor or a full URL",
                at + "modules/first.md:14: image 'images/missing.svg' does not exist in the course folder",
                at + "modules/first.md:15: image 'https://example.com/diagram.png' is on another site, which the pages' "
                        + "Content-Security-Policy blocks (img-src 'self'): copy it into the course folder",
                at + "modules/second.md:1: no front matter: start the file with a '---' line, title: and summary:, and "
                        + "another '---' line");
    }

    @Test
    void a_lab_the_catalog_lacks_is_an_error_wherever_the_course_names_it() {
        InvalidCourseException e = catchThrowableOfType(InvalidCourseException.class,
                () -> CourseLoader.fromFolder(fixture("valid"), renderer, Set.of("another-lab")));
        assertThat(e.problems()).hasSize(2).allSatisfy(p -> assertThat(p)
                .contains("lab 'fixture-lab', which is not in the lab catalog (labs: another-lab)"));
        assertThat(e.problems().get(0)).contains("course.yaml:8: module 'first-steps' names lab 'fixture-lab'");
        assertThat(e.problems().get(1)).contains("modules/01-first-steps.md:25: links to lab 'fixture-lab'");
    }

    @Test
    void yaml_errors_and_duplicate_keys_name_their_line() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("course");
        java.nio.file.Files.writeString(dir.resolve("course.yaml"), """
                id: c
                title: C
                title: D
                modules: []
                """);
        InvalidCourseException e = catchThrowableOfType(InvalidCourseException.class,
                () -> CourseLoader.fromFolder(dir, renderer, Set.of()));
        assertThat(e.problems()).singleElement().asString().endsWith("course.yaml:3: "
                + "'title' is given twice").doesNotContain("modules");
    }
}
