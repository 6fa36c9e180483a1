package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.Submission;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A learner's SQL may define, in public, functions and operators that a check resolving names there would call
 * instead of pg_catalog's: an operator with a better-matching argument type (JDBC binds text parameters as varchar,
 * and pg_catalog has no {@code name = varchar}), or a catalog function overloaded on a closer type. Every design of
 * every lab whose checks query PostgreSQL, graded with such shadows appended, must fail exactly the checks it fails
 * without them. (The Redis lab's checks call commands, which a script cannot redefine; the other labs read files.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadowedNamesTest {

    /** Names a learner could define to fool a check that resolved them in public. */
    static final String SHADOWS = """

            -- What a learner could define to fool a check that resolved names in public.
            CREATE FUNCTION public.rl_shadow_never(name, character varying) RETURNS boolean
                LANGUAGE sql IMMUTABLE AS 'SELECT false';
            CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = character varying, FUNCTION = public.rl_shadow_never);
            CREATE FUNCTION public.rl_shadow_always(text, character varying) RETURNS boolean
                LANGUAGE sql IMMUTABLE AS 'SELECT true';
            CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = character varying, FUNCTION = public.rl_shadow_always);
            CREATE FUNCTION public.pg_get_function_result(regprocedure) RETURNS text
                LANGUAGE sql AS 'SELECT ''boolean''::text';
            CREATE FUNCTION public.pg_relation_size(regclass, text) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
            CREATE FUNCTION public.count(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
            """;

    /** The labs whose checks query PostgreSQL, and the file their SQL goes in. */
    static final Map<String, String> SQL_LABS = Map.of("audit-log-indexes", "migration.sql",
            "booking-isolation", "booking.sql", "tenant-isolation", "rls.sql");

    private final LabCatalog labs = ProviderGraders.labsUnderTest();
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> designs() {
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> SQL_LABS.keySet().stream().sorted()
                .filter(id -> labs.find(id).isPresent())
                .flatMap(id -> Stream.concat(Stream.of("solution"),
                        labs.get(id).definition().wrong().keySet().stream().sorted().map(w -> "wrong/" + w))
                        .map(design -> Arguments.of(p, id, design))));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("designs")
    void shadowing_what_the_checks_call_changes_no_verdict(String provider, String labId, String design) {
        Lab lab = labs.get(labId);
        Submission plain = design.equals("solution") ? lab.solution() : lab.wrong(design.substring("wrong/".length()));
        Set<String> expected = design.equals("solution") ? Set.of()
                : lab.definition().wrong().get(design.substring("wrong/".length())).fails();
        Map<String, byte[]> files = new TreeMap<>(plain.files());
        String file = SQL_LABS.get(labId);
        files.put(file, (new String(files.get(file), StandardCharsets.UTF_8) + SHADOWS).getBytes(StandardCharsets.UTF_8));
        GradeReport report = graders.on(provider).grade(labId, Submission.of(files));
        Set<String> failed = report.checks().stream().filter(c -> !c.passed()).map(CheckResult::id)
                .collect(Collectors.toSet());
        assertThat(failed).as(labId + " " + design + " with shadows, on " + provider + ":\n"
                + ReportJson.writePretty(report)).isEqualTo(expected);
    }
}
