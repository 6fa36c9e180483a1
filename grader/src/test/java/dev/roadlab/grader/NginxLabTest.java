package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A lab that serves the learner's nginx server block, graded on both providers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxLabTest {

    private final LabCatalog labs = FixtureLabs.catalog();
    private final Map<String, Grader> graders = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        graders.put("containers", Grader.create(labs, TestSandboxes.containers()));
        graders.put("servers", Grader.create(labs, TestSandboxes.servers()));
    }

    @AfterAll
    void stop() {
        graders.values().forEach(Grader::close);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void the_reference_passes_the_starter_fails_and_a_broken_config_is_an_error(String provider) {
        Grader grader = graders.get(provider);
        GradeReport reference = grader.grade("fixture-nginx", labs.get("fixture-nginx").solution());
        assertThat(reference.verdict()).as(ReportJson.writePretty(reference)).isEqualTo(Verdict.PASSED);
        GradeReport starter = grader.grade("fixture-nginx", labs.get("fixture-nginx").starter());
        assertThat(starter.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(starter.checks().get(1).message()).contains("X-Lab header");
        GradeReport broken = grader.grade("fixture-nginx", Submission.ofText(Map.of("site.conf",
                "server {\n  listen 8080;\n  location / { retrun 200; }\n}\n")));
        assertThat(broken.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(broken.checks().get(0).message()).contains("nginx refused the configuration")
                .contains("unknown directive \"retrun\"").contains("site.conf:3");
    }
}
