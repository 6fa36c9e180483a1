package dev.roadlab.engine;

import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The bundled course names labs that are built on other branches (booking-isolation, distributed-rate-limiter) and
 * reach this build only when those branches are merged. The server rightly refuses to serve a course whose labs are
 * missing, so tests that need a running server on the bundled course give it stand-ins for exactly the labs the real
 * catalog lacks: none once every branch is merged, when this class changes nothing.
 *
 * <p>Whether the bundled course is valid against the real catalog is asserted on its own, without stand-ins, by
 * {@code CliIT.validate_accepts_the_bundled_course}.
 */
public final class TestLabs {

    private static final Pattern LAB_LINK = Pattern.compile("\\]\\(\\s*lab:([a-z0-9]+(?:-[a-z0-9]+)*)");

    private TestLabs() {
    }

    /** The labs the bundled course names (course.yaml and lab: links) that the real lab catalog does not have. */
    public static Set<String> missingFromBundledCourse() {
        Set<String> named = new TreeSet<>();
        Map<?, ?> course = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(resource("course.yaml"));
        for (Object entry : (List<?>) course.get("modules")) {
            Map<?, ?> module = (Map<?, ?>) entry;
            if (module.get("labs") instanceof List<?> labs) {
                labs.forEach(l -> named.add(String.valueOf(l)));
            }
            Matcher links = LAB_LINK.matcher(resource(String.valueOf(module.get("file"))));
            while (links.find()) {
                named.add(links.group(1));
            }
        }
        LabCatalog.fromClasspath(TestLabs.class.getClassLoader()).all().stream().map(Lab::id).forEach(named::remove);
        return named;
    }

    /** The real catalog's labs plus those the bundled course names that it lacks: a catalog the course is valid with. */
    public static Set<String> bundledCourseLabIds() {
        Set<String> labs = new TreeSet<>(missingFromBundledCourse());
        LabCatalog.fromClasspath(TestLabs.class.getClassLoader()).all().stream().map(Lab::id).forEach(labs::add);
        return labs;
    }

    /** The configuration with stand-ins added for the labs the bundled course names and the catalog lacks. */
    public static RoadlabConfig withStandInsForBundledCourse(RoadlabConfig config) {
        if (config.content().courseDir().isPresent() || config.content().labsDir().isPresent()) {
            return config;
        }
        Set<String> missing = missingFromBundledCourse();
        if (missing.isEmpty()) {
            return config;
        }
        return config.withContent(new RoadlabConfig.Content(Optional.empty(), Optional.of(standIns(missing))));
    }

    /**
     * A folder of stand-in labs with these ids. Each borrows the audit-log checks class (the one the jar surely has),
     * so the same folder works for the in-process server and for the packaged jar; none of them is ever graded.
     */
    public static Path standIns(Set<String> ids) {
        try {
            Path folder = Files.createTempDirectory("roadlab-stand-in-labs");
            for (String id : ids) {
                Path lab = Files.createDirectories(folder.resolve(id));
                Files.writeString(lab.resolve("lab.yaml"), """
                        id: %s
                        title: Stand-in for %s
                        summary: Stands in for a lab another branch adds; tests never grade it.
                        checks: dev.roadlab.labs.AuditLogIndexesChecks
                        files:
                          - name: migration.sql
                            max-size: 1 KB
                        """.formatted(id, id));
                Files.writeString(lab.resolve("README.md"), "A stand-in.\n");
                Files.createDirectories(lab.resolve("starter"));
                Files.writeString(lab.resolve("starter/migration.sql"), "-- starter\n");
                Files.createDirectories(lab.resolve("solution"));
                Files.writeString(lab.resolve("solution/migration.sql"), "-- solution\n");
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = TestLabs.class.getClassLoader().getResourceAsStream(CourseLoader.CLASSPATH_ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("no bundled course file " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
