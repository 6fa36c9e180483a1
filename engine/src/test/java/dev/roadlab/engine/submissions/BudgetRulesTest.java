package dev.roadlab.engine.submissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.accounts.Budget;
import dev.roadlab.engine.config.InvalidConfigException;
import dev.roadlab.engine.submissions.BudgetRules.Applied;
import dev.roadlab.engine.submissions.BudgetRules.CohortBudget;
import dev.roadlab.engine.submissions.BudgetRules.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which budget applies: every step of the precedence, a learner in several cohorts, and what is ignored. */
class BudgetRulesTest {

    private static final String LAB = "audit-log-indexes";
    private static final BudgetRules NOTHING_SET = new BudgetRules(Optional.empty(), Map.of());
    private static final BudgetRules ALL_SET = new BudgetRules(Optional.of("4/10m"),
            Map.of(LAB, "3/10m", "other-lab", "off"));

    private static Budget budget(String text) {
        return Budget.parse(text).orElseThrow();
    }

    private static CohortBudget cohort(long id, String cohortText, String labText) {
        return new CohortBudget(id, Optional.ofNullable(cohortText), Optional.ofNullable(labText));
    }

    @Test
    void with_nothing_set_hosted_allows_five_per_ten_minutes_and_single_user_is_unlimited() {
        assertThat(NOTHING_SET.applied(LAB, true, List.of()))
                .isEqualTo(new Applied(Optional.of(new Budget(5, Duration.ofMinutes(10))), Source.MODE_DEFAULT));
        assertThat(NOTHING_SET.applied(LAB, false, List.of()))
                .isEqualTo(new Applied(Optional.empty(), Source.MODE_DEFAULT));
    }

    @Test
    void the_setting_beats_the_mode_default_in_both_modes_and_off_turns_the_budget_off() {
        BudgetRules two = new BudgetRules(Optional.of("2/10m"), Map.of());
        assertThat(two.applied(LAB, false, List.of()))
                .isEqualTo(new Applied(Optional.of(budget("2/10m")), Source.SETTING));
        assertThat(new BudgetRules(Optional.of("off"), Map.of()).applied(LAB, true, List.of()))
                .isEqualTo(new Applied(Optional.empty(), Source.SETTING));
    }

    @Test
    void a_labs_own_setting_beats_the_general_one_and_leaves_other_labs_alone() {
        assertThat(ALL_SET.applied(LAB, true, List.of()))
                .isEqualTo(new Applied(Optional.of(budget("3/10m")), Source.LAB_SETTING));
        assertThat(ALL_SET.applied("other-lab", true, List.of()))
                .isEqualTo(new Applied(Optional.empty(), Source.LAB_SETTING));
        assertThat(ALL_SET.applied("third-lab", true, List.of()))
                .isEqualTo(new Applied(Optional.of(budget("4/10m")), Source.SETTING));
    }

    @Test
    void a_cohorts_budget_beats_the_settings_and_its_budget_for_the_lab_beats_its_own() {
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "10/1h", null))))
                .isEqualTo(new Applied(Optional.of(budget("10/1h")), Source.COHORT));
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "10/1h", "1/1h"))))
                .isEqualTo(new Applied(Optional.of(budget("1/1h")), Source.COHORT_LAB));
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, null, "off"))))
                .isEqualTo(new Applied(Optional.empty(), Source.COHORT_LAB));
    }

    @Test
    void a_learner_in_several_cohorts_gets_the_most_generous_of_those_that_set_one() {
        // 6/1h refills faster than 5/2h; off beats both; a cohort that sets nothing does not count.
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "5/2h", null), cohort(2, null, "6/1h"),
                cohort(3, null, null))))
                .isEqualTo(new Applied(Optional.of(budget("6/1h")), Source.COHORT_LAB));
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "5/2h", null), cohort(2, "off", null))))
                .isEqualTo(new Applied(Optional.empty(), Source.COHORT));
        // Same refill rate: the bigger burst is the more generous.
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "2/10m", null), cohort(2, "4/20m", null))))
                .isEqualTo(new Applied(Optional.of(budget("4/20m")), Source.COHORT));
    }

    @Test
    void a_cohort_text_that_is_no_budget_or_blank_counts_as_not_set() {
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "lots", "  "))))
                .isEqualTo(new Applied(Optional.of(budget("3/10m")), Source.LAB_SETTING));
        assertThat(ALL_SET.applied(LAB, true, List.of(cohort(1, "2/10m", "five"))))
                .isEqualTo(new Applied(Optional.of(budget("2/10m")), Source.COHORT));
    }

    @Test
    void a_per_lab_entry_for_a_lab_that_does_not_exist_is_refused_naming_the_closest_lab() {
        BudgetRules typo = new BudgetRules(Optional.empty(), Map.of("audit-log-indexs", "3/10m", "zzz", "off"));
        assertThatThrownBy(() -> typo.requireKnownLabs(List.of(LAB, "rls-tenants")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ROADLAB_SUBMISSION_BUDGET_PER_LAB: no lab 'audit-log-indexs'; did you mean "
                        + "'audit-log-indexes'? (unknown too: zzz)");
        ALL_SET.requireKnownLabs(List.of(LAB, "other-lab"));
    }

    @Test
    void rules_refuse_a_text_that_is_no_budget() {
        assertThatThrownBy(() -> new BudgetRules(Optional.of("5 per hour"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'5 per hour' is not a budget");
    }

    @Test
    void a_wait_is_said_in_words_rounded_up() {
        assertThat(Waits.human(Duration.ofMillis(200))).isEqualTo("1 second");
        assertThat(Waits.human(Duration.ofSeconds(40))).isEqualTo("40 seconds");
        assertThat(Waits.human(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(Waits.human(Duration.ofSeconds(61))).isEqualTo("2 minutes");
        assertThat(Waits.human(Duration.ofMinutes(4).plusSeconds(59))).isEqualTo("5 minutes");
        assertThat(Waits.human(Duration.ofMinutes(119))).isEqualTo("119 minutes");
        assertThat(Waits.human(Duration.ofMinutes(130))).isEqualTo("2 hours 10 minutes");
        assertThat(Waits.human(Duration.ofHours(3))).isEqualTo("3 hours");
        assertThat(Waits.human(Duration.ofHours(50).plusMinutes(1))).isEqualTo("2 days 3 hours");
        assertThat(Waits.ceilSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(Waits.ceilSeconds(Duration.ofSeconds(120))).isEqualTo(120);
    }

    @Test
    void the_page_says_how_many_attempts_are_left_or_when_the_next_one_is() {
        Budget five = budget("5/10m");
        java.time.Instant at = java.time.Instant.parse("2026-11-26T14:30:10Z");
        assertThat(new BudgetState(five, 5, Duration.ZERO, at).summary()).isEqualTo("5 of 5 attempts left.");
        assertThat(new BudgetState(budget("1/1h"), 1, Duration.ZERO, at).summary()).isEqualTo("1 of 1 attempt left.");
        assertThat(new BudgetState(five, 0, Duration.ofSeconds(95), at).summary())
                .isEqualTo("No attempts left for now: your next attempt is in 2 minutes (at 14:31 UTC).");
        assertThat(new BudgetState(five, 5, Duration.ZERO, at).rule())
                .isEqualTo("This lab allows 5 attempts at once, and one more every 2 minutes; an attempt that fails"
                        + " on our side is given back.");
        assertThat(new BudgetState(budget("1/1h"), 1, Duration.ZERO, at).rule())
                .startsWith("This lab allows 1 attempt at once, and one more every hour;");
    }

    @Test
    void an_address_counts_by_itself_for_ipv4_and_by_its_slash_64_for_ipv6() {
        assertThat(SubmissionBudgets.addressKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(SubmissionBudgets.addressKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(SubmissionBudgets.addressKey("2001:db8:1:2:bbbb::9"))
                .isEqualTo("20010db800010002::/64");
        assertThat(SubmissionBudgets.addressKey("2001:db8:1:3::1")).isNotEqualTo("20010db800010002::/64");
        assertThat(SubmissionBudgets.addressKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(SubmissionBudgets.addressKey("x".repeat(200))).hasSizeLessThanOrEqualTo(64);
    }
}
