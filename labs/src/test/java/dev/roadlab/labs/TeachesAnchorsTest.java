package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.CheckInfo;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every check of a bundled lab that names the section teaching it ({@code @Check(teaches = "#anchor")}) names a
 * heading of the module that lists the lab in the bundled course, with the id the course page gives that heading
 * (CommonMark's heading ids, as the engine's renderer makes them); and every check names one.
 */
class TeachesAnchorsTest {

    private static final String COURSE = "roadlab/course/";

    @Test
    void every_check_names_a_section_of_its_labs_module_that_exists() throws IOException {
        Map<String, Set<String>> anchorsByLab = anchorsOfEachLabsModule();
        List<String> problems = new ArrayList<>();
        for (Lab lab : LabCatalog.fromClasspath(getClass().getClassLoader()).all()) {
            Set<String> anchors = anchorsByLab.get(lab.id());
            assertThat(anchors).as("the module that lists " + lab.id() + " in course.yaml").isNotNull();
            for (CheckInfo check : lab.checks()) {
                if (check.teaches().isEmpty()) {
                    problems.add(lab.id() + " / " + check.id() + " names no section");
                } else if (!check.teaches().startsWith("#") || !anchors.contains(check.teaches().substring(1))) {
                    problems.add(lab.id() + " / " + check.id() + " names " + check.teaches()
                            + ", not a heading of its module");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Per lab id, the heading ids of the module course.yaml lists it in. */
    private static Map<String, Set<String>> anchorsOfEachLabsModule() throws IOException {
        Map<String, Set<String>> anchors = new LinkedHashMap<>();
        Map<?, ?> course = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(read("course.yaml"));
        for (Object entry : (List<?>) course.get("modules")) {
            Map<?, ?> module = (Map<?, ?>) entry;
            Object labs = module.get("labs");
            if (labs == null) {
                continue;
            }
            Set<String> ids = headingIds(withoutFrontMatter(read((String) module.get("file"))));
            for (Object lab : (List<?>) labs) {
                anchors.put((String) lab, ids);
            }
        }
        return anchors;
    }

    /** The Markdown after a module's front matter (its closing --- would make the line above it a heading). */
    private static String withoutFrontMatter(String text) {
        if (!text.startsWith("---\n")) {
            return text;
        }
        int end = text.indexOf("\n---\n", 3);
        return end < 0 ? text : text.substring(end + 5);
    }

    private static Set<String> headingIds(String markdown) {
        Set<String> ids = new TreeSet<>();
        IdGenerator generator = IdGenerator.builder().defaultId("section").build();
        Parser.builder().build().parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                StringBuilder text = new StringBuilder();
                heading.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Text node) {
                        text.append(node.getLiteral());
                    }

                    @Override
                    public void visit(Code node) {
                        text.append(node.getLiteral());
                    }
                });
                ids.add(generator.generateId(text.toString().strip().toLowerCase(Locale.ROOT)));
            }
        });
        return ids;
    }

    private static String read(String path) throws IOException {
        try (InputStream in = TeachesAnchorsTest.class.getClassLoader().getResourceAsStream(COURSE + path)) {
            assertThat(in).as(COURSE + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
