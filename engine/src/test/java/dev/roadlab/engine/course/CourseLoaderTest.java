package dev.roadlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestLabs;
import dev.roadlab.engine.links.Urls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CourseLoaderTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer(new Urls(""));

    @Test
    void the_bundled_course_loads_its_five_modules_in_order() {
        Course course = CourseLoader.fromClasspath(getClass().getClassLoader(), renderer, TestLabs.bundledLabIds());
        assertThat(course.title()).isEqualTo("The 2026 Backend Roadmap");
        assertThat(course.modules()).extracting(CourseModule::id).containsExactly(
                "orientation", "data-modeling", "api-security", "stateless-infrastructure", "system-design");
        CourseModule data = course.module("data-modeling").orElseThrow();
        assertThat(data.title()).isEqualTo("Data modeling at scale");
        assertThat(data.objectives()).isNotEmpty();
        assertThat(data.html()).contains("<h2").doesNotContain("title: Data modeling");
        assertThat(course.files()).containsKey("images/btree-lookup.svg");
    }

    @Test
    void every_bundled_module_reads_in_ten_to_twenty_minutes_and_has_a_table_of_contents() {
        Course course = CourseLoader.fromClasspath(getClass().getClassLoader(), renderer, TestLabs.bundledLabIds());
        for (CourseModule module : course.modules()) {
            assertThat(module.words()).as(module.id()).isBetween(2_000, 4_600);
            assertThat(module.readingMinutes()).as(module.id()).isBetween(9, 20);
            assertThat(module.toc()).as(module.id()).hasSizeGreaterThan(4)
                    .allSatisfy(h -> assertThat(h.level()).isBetween(2, 3));
            assertThat(module.toc()).extracting(Heading::text).as(module.id()).contains("Check yourself");
        }
    }

    @Test
    void a_module_file_that_is_missing_is_named_with_its_line_in_course_yaml() throws Exception {
        Path dir = Files.createTempDirectory("course");
        Files.writeString(dir.resolve("course.yaml"), """
                id: c
                title: C
                modules:
                  - id: one
                    file: modules/one.md
                """);
        assertThatThrownBy(() -> CourseLoader.fromFolder(dir, renderer, Set.of()))
                .isInstanceOf(InvalidCourseException.class)
                .hasMessageContaining("course.yaml:4: module 'one' names modules/one.md, which does not exist");
    }

    @Test
    void a_folder_that_is_not_there_is_named() {
        Path nowhere = Path.of("/nonexistent/course");
        assertThatThrownBy(() -> CourseLoader.fromFolder(nowhere, renderer, Set.of()))
                .isInstanceOf(InvalidCourseException.class)
                .hasMessageContaining("/nonexistent/course: not a folder");
    }

    @Test
    void front_matter_is_split_from_the_body_with_its_line() {
        FrontMatter fm = FrontMatter.split("---\ntitle: X\nsummary: Y\n---\n\nBody\n");
        assertThat(fm.yaml()).isEqualTo("title: X\nsummary: Y\n");
        assertThat(fm.body()).isEqualTo("\nBody\n");
        assertThat(fm.bodyLine()).isEqualTo(5);
        assertThat(FrontMatter.split("no front matter").yaml()).isEmpty();
    }
}
