package dev.roadlab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROADLAB_SUBMISSION_BUDGET and ROADLAB_SUBMISSION_BUDGET_PER_LAB as the loader reads and checks them. */
class SubmissionBudgetSettingsTest {

    @TempDir
    Path dir;

    private static RoadlabConfig.Hosting fromEnv(Map<String, String> env) {
        return ConfigLoader.load(Map.of(), env, Optional.empty()).hosting();
    }

    @Test
    void nothing_set_leaves_both_empty_for_the_mode_to_decide() {
        RoadlabConfig.Hosting hosting = fromEnv(Map.of());
        assertThat(hosting.submissionBudget()).isEmpty();
        assertThat(hosting.submissionBudgetPerLab()).isEmpty();
    }

    @Test
    void per_lab_budgets_are_read_from_the_environment_with_spaces_and_a_trailing_comma_forgiven() {
        RoadlabConfig.Hosting hosting = fromEnv(Map.of("ROADLAB_SUBMISSION_BUDGET", "4/10m",
                "ROADLAB_SUBMISSION_BUDGET_PER_LAB", " audit-log-indexes = 3/600s , other-lab=OFF,"));
        assertThat(hosting.submissionBudget()).hasValue("4/10m");
        assertThat(hosting.submissionBudgetPerLab())
                .containsExactlyInAnyOrderEntriesOf(Map.of("audit-log-indexes", "3/10m", "other-lab", "off"));
    }

    @Test
    void per_lab_budgets_are_read_from_the_config_file() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, """
                grading:
                  submission-budget: off
                  submission-budget-per-lab: audit-log-indexes=2/1h
                """);
        RoadlabConfig.Hosting hosting = ConfigLoader.load(Map.of(), Map.of(), Optional.of(file)).hosting();
        assertThat(hosting.submissionBudget()).hasValue("off");
        assertThat(hosting.submissionBudgetPerLab()).containsExactlyEntriesOf(Map.of("audit-log-indexes", "2/1h"));
    }

    @Test
    void each_bad_part_is_refused_by_name() {
        String env = "ROADLAB_SUBMISSION_BUDGET_PER_LAB";
        assertThatThrownBy(() -> fromEnv(Map.of(env, "a-lab=3/10m,other-lab=5/xm")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(env + ": 'a-lab=3/10m,other-lab=5/xm' has a bad part 'other-lab=5/xm': '5/xm' is not a"
                        + " budget: write N/PERIOD such as 5/10m (units s, m, h, d), or off");
        assertThatThrownBy(() -> fromEnv(Map.of(env, "a-lab 3/10m")))
                .hasMessage(env + ": 'a-lab 3/10m' has a bad part 'a-lab 3/10m': write lab-id=BUDGET, such as"
                        + " audit-log-indexes=3/10m, and separate labs with commas");
        assertThatThrownBy(() -> fromEnv(Map.of(env, "A Lab=3/10m")))
                .hasMessageContaining("has a bad part 'A Lab=3/10m': 'A Lab' is not a lab id");
        assertThatThrownBy(() -> fromEnv(Map.of(env, "=3/10m")))
                .hasMessageContaining("'' is not a lab id");
        assertThatThrownBy(() -> fromEnv(Map.of(env, "a-lab=0/10m")))
                .hasMessageContaining("'0/10m' is not a budget");
        assertThatThrownBy(() -> fromEnv(Map.of(env, "a-lab=3/10m,a-lab=off")))
                .hasMessageContaining("has a bad part 'a-lab=off': lab 'a-lab' is named twice");
    }

    @Test
    void the_general_budget_is_checked_too() {
        assertThatThrownBy(() -> fromEnv(Map.of("ROADLAB_SUBMISSION_BUDGET", "five")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("ROADLAB_SUBMISSION_BUDGET: 'five' is not a budget");
    }
}
