package dev.roadlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.engine.course.InvalidCourseException;
import dev.roadlab.engine.course.MarkdownRenderer;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server checks its course with the validator's own code before it starts, and refuses an invalid one. */
class ServerRefusesInvalidCourseTest {

    private static Path fixture(String name) {
        try {
            return Path.of(ServerRefusesInvalidCourseTest.class.getResource("/courses/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoadlabConfig config(Optional<Path> course, Optional<Path> labs) throws Exception {
        Path data = Files.createTempDirectory("roadlab-refuses");
        return RoadlabConfig.defaults()
                .withData(new RoadlabConfig.Data(data))
                .withDatabase(TestDatabases.h2(data))
                .withSandboxes(TestSandboxes.servers())
                .withGrading(new RoadlabConfig.Grading(0))
                .withContent(new RoadlabConfig.Content(course, labs));
    }

    @Test
    void the_server_refuses_a_broken_course_with_the_validators_messages() throws Exception {
        RoadlabConfig config = config(Optional.of(fixture("broken")), Optional.empty());
        InvalidCourseException refused = catchThrowableOfType(InvalidCourseException.class, () -> Roadlab.start(config));
        InvalidCourseException validated = catchThrowableOfType(InvalidCourseException.class,
                () -> CourseLoader.fromFolder(fixture("broken"), new MarkdownRenderer(new Urls("")),
                        TestLabs.bundledLabIds()));
        assertThat(refused.problems()).hasSize(16).containsExactlyElementsOf(validated.problems());
        assertThat(refused.problems()).anySatisfy(p -> assertThat(p).endsWith(
                "modules/first.md:11: links to lab 'ghost-lab', which is not in the lab catalog (labs: "
                        + String.join(", ", TestLabs.bundledLabIds()) + ")"));
    }

    @Test
    void the_server_refuses_a_course_whose_lab_is_not_in_the_catalog_and_starts_once_it_is() throws Exception {
        InvalidCourseException refused = catchThrowableOfType(InvalidCourseException.class,
                () -> Roadlab.start(config(Optional.of(fixture("valid")), Optional.empty())));
        assertThat(refused.problems()).hasSize(2).allSatisfy(p -> assertThat(p)
                .contains("lab 'fixture-lab', which is not in the lab catalog"));

        RoadlabConfig withLab = config(Optional.of(fixture("valid")), Optional.of(TestLabs.placeholders(Set.of("fixture-lab"))));
        try (Roadlab roadlab = Roadlab.start(withLab)) {
            assertThat(roadlab.course().title()).isEqualTo("Fixture course");
        }
    }

    @Test
    void the_bundled_course_is_valid_with_the_bundled_labs() {
        assertThatCode(() -> Roadlab.loadContent(config(Optional.empty(), Optional.empty()))).doesNotThrowAnyException();
    }
}
