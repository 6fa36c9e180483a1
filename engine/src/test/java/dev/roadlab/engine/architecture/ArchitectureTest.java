package dev.roadlab.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The map of ../shared/guides/architecture.md, pinned: who may depend on whom. A change that breaks one of these
 * changes the architecture, and should say so rather than slip in.
 */
class ArchitectureTest {

    /** Everything Roadlab ships (grader, sandbox kinds, labs, engine), without tests and generated code. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test jars of other modules (the grader's test support) are tests too, wherever the build puts them.
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .withImportOption(location -> !location.contains("/jooq/") && !location.contains("/templates/"))
            .importPackages("dev.roadlab");

    @Test
    void the_grader_knows_nothing_of_http_servers_learners_or_the_engine() {
        noClasses().that().resideInAPackage("dev.roadlab.grader..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "dev.roadlab.engine..",
                        "dev.roadlab.labs..", "org.jooq..", "com.zaxxer..")
                .check(CLASSES);
    }

    @Test
    void only_the_web_and_cli_layers_of_the_engine_touch_javalin() {
        noClasses().that().resideInAPackage("dev.roadlab.engine..")
                .and().resideOutsideOfPackages("dev.roadlab.engine.web..", "dev.roadlab.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .check(CLASSES);
    }

    @Test
    void the_engine_is_never_compiled_against_the_bundled_labs() {
        noClasses().that().resideInAPackage("dev.roadlab.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.roadlab.labs..")
                .check(CLASSES);
    }

    @Test
    void labs_use_the_grader_and_nothing_of_the_engine() {
        noClasses().that().resideInAPackage("dev.roadlab.labs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.roadlab.engine..", "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void the_operators_account_chores_are_reached_from_the_command_line_only() {
        noClasses().that().resideOutsideOfPackages("dev.roadlab.engine.cli..", "dev.roadlab.engine.accounts..")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "dev.roadlab.engine.accounts.AccountService$Operator")
                .orShould().callMethod(dev.roadlab.engine.accounts.AccountService.class, "operator")
                .check(CLASSES);
    }

    @Test
    void no_package_depends_on_another_that_depends_back_on_it() {
        slices().matching("dev.roadlab.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
