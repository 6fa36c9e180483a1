package dev.roadlab.engine.submissions;

import dev.roadlab.engine.accounts.Budget;
import dev.roadlab.engine.config.InvalidConfigException;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.config.Setting;
import dev.roadlab.grader.yaml.YamlFields;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which submission budget applies to one learner's attempts at one lab, most specific first:
 * <ol>
 *   <li>the lab's budget in one of the learner's cohorts ({@code cohort_labs.submission_budget});</li>
 *   <li>the budget of one of the learner's cohorts ({@code cohorts.submission_budget});</li>
 *   <li>the lab's entry in {@code ROADLAB_SUBMISSION_BUDGET_PER_LAB};</li>
 *   <li>{@code ROADLAB_SUBMISSION_BUDGET};</li>
 *   <li>the mode's default: {@value #HOSTED_DEFAULT_TEXT} when hosted, off when single-user.</li>
 * </ol>
 * Each cohort first settles on its own value (its lab's budget, else its own budget, else nothing). A learner in
 * several cohorts that set one gets the <em>most generous</em> of them: off beats any budget, then the faster
 * refill (more attempts per hour in the long run), then the bigger burst. No cohort of theirs can then make a lab
 * stricter than another of their cohorts allows, and a cohort that sets nothing does not count. Pure: no database.
 *
 * @param setting  {@code ROADLAB_SUBMISSION_BUDGET} ({@code 5/10m} or {@code off}); empty when not set
 * @param perLab   {@code ROADLAB_SUBMISSION_BUDGET_PER_LAB}: lab id to budget text
 */
public record BudgetRules(Optional<String> setting, Map<String, String> perLab) {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetRules.class);
    static final String HOSTED_DEFAULT_TEXT = "5/10m";
    /** What a hosted Roadlab allows when nothing else is set. */
    public static final Budget HOSTED_DEFAULT = Budget.parse(HOSTED_DEFAULT_TEXT).orElseThrow();

    /** Where the budget in force comes from, most specific first. */
    public enum Source {
        COHORT_LAB, COHORT, LAB_SETTING, SETTING, MODE_DEFAULT
    }

    /**
     * The budget in force.
     *
     * @param budget empty: no limit
     * @param source which rule chose it
     */
    public record Applied(Optional<Budget> budget, Source source) {
    }

    /**
     * One of the learner's cohorts, with what it sets (the texts as stored; a text that is no budget counts as not
     * set, and is logged).
     *
     * @param cohortId   the cohort
     * @param cohortText {@code cohorts.submission_budget}
     * @param labText    {@code cohort_labs.submission_budget} of the lab asked about
     */
    public record CohortBudget(long cohortId, Optional<String> cohortText, Optional<String> labText) {
    }

    /** @throws IllegalArgumentException for a text that is no budget (the configuration checked them already) */
    public BudgetRules {
        perLab = Map.copyOf(perLab);
        setting.ifPresent(Budget::parse);
        perLab.values().forEach(Budget::parse);
    }

    /** The rules the configuration sets. */
    public static BudgetRules of(RoadlabConfig.Hosting hosting) {
        return new BudgetRules(hosting.submissionBudget(), hosting.submissionBudgetPerLab());
    }

    /**
     * Refuses a per-lab entry naming a lab this Roadlab does not have (a typo would otherwise silently leave that
     * lab on the general budget).
     */
    public void requireKnownLabs(Collection<String> labIds) {
        TreeSet<String> unknown = new TreeSet<>(perLab.keySet());
        unknown.removeAll(labIds);
        if (!unknown.isEmpty()) {
            String first = unknown.first();
            throw new InvalidConfigException(Setting.SUBMISSION_BUDGET_PER_LAB.env() + ": no lab '" + first + "'"
                    + YamlFields.closest(first, labIds).map(k -> "; did you mean '" + k + "'?").orElse("")
                    + (unknown.size() > 1 ? " (unknown too: " + String.join(", ", unknown.tailSet(first, false))
                    + ")" : ""));
        }
    }

    /**
     * The budget for {@code labId}.
     *
     * @param hosted  whether sign-in is required now (the mode's default)
     * @param cohorts the learner's cohorts (none for a caller without an account)
     */
    public Applied applied(String labId, boolean hosted, List<CohortBudget> cohorts) {
        Optional<Applied> fromCohorts = cohorts.stream()
                .map(BudgetRules::ofCohort)
                .flatMap(Optional::stream)
                .max(Comparator.comparing(Applied::budget, BudgetRules::generosity));
        if (fromCohorts.isPresent()) {
            return fromCohorts.get();
        }
        if (perLab.containsKey(labId)) {
            return new Applied(Budget.parse(perLab.get(labId)), Source.LAB_SETTING);
        }
        if (setting.isPresent()) {
            return new Applied(Budget.parse(setting.get()), Source.SETTING);
        }
        return new Applied(hosted ? Optional.of(HOSTED_DEFAULT) : Optional.empty(), Source.MODE_DEFAULT);
    }

    private static Optional<Applied> ofCohort(CohortBudget c) {
        Optional<Optional<Budget>> lab = readable(c.labText(), c, "its lab budget");
        if (lab.isPresent()) {
            return Optional.of(new Applied(lab.get(), Source.COHORT_LAB));
        }
        return readable(c.cohortText(), c, "its budget").map(b -> new Applied(b, Source.COHORT));
    }

    /** A stored text as a budget; blank is not set, unreadable is not set (and logged: the cohort UI checks it). */
    private static Optional<Optional<Budget>> readable(Optional<String> text, CohortBudget c, String what) {
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Budget.parse(text.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("cohort {}: {} '{}' is not a budget; it is ignored", c.cohortId(), what, text.get());
            return Optional.empty();
        }
    }

    /** Orders budgets from strictest to most generous: off is the most generous; then refill rate; then burst. */
    static int generosity(Optional<Budget> a, Optional<Budget> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        int byRate = Double.compare(perSecond(a.get()), perSecond(b.get()));
        return byRate != 0 ? byRate : Integer.compare(a.get().capacity(), b.get().capacity());
    }

    private static double perSecond(Budget budget) {
        return budget.capacity() / (budget.period().toNanos() / (double) Duration.ofSeconds(1).toNanos());
    }
}
