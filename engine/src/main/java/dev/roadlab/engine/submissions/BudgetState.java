package dev.roadlab.engine.submissions;

import dev.roadlab.engine.accounts.Budget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a learner stands with a lab's budget, for the lab page: how many attempts are left, and when there are
 * none, when the next one comes.
 *
 * @param budget     the budget in force
 * @param remaining  whole attempts left now
 * @param nextIn     when none is left: how long until one is; zero otherwise
 * @param nextAt     when none is left: when one is (UTC); the present otherwise
 */
public record BudgetState(Budget budget, int remaining, Duration nextIn, Instant nextAt) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    public boolean exhausted() {
        return remaining < 1;
    }

    /** "3 of 5 attempts left", or "No attempts left for now: the next one is in 2 minutes (at 14:32 UTC)". */
    public String summary() {
        if (exhausted()) {
            return "No attempts left for now: your next attempt is in " + Waits.human(nextIn) + " (at "
                    + CLOCK.format(nextAt.plusSeconds(59)) + " UTC).";
        }
        return remaining + " of " + budget.capacity() + (budget.capacity() == 1 ? " attempt" : " attempts")
                + " left.";
    }

    /** How the budget works, in a sentence: "5 attempts at once, and one more every 2 minutes". */
    public String rule() {
        return "This lab allows " + describe(budget) + "; an attempt that fails on our side is given back.";
    }

    /** "5 attempts at once, one more every 2 minutes". */
    static String describe(Budget budget) {
        Duration each = budget.period().dividedBy(budget.capacity());
        return budget.capacity() + (budget.capacity() == 1 ? " attempt" : " attempts") + " at once, and one more every "
                + (each.equals(Duration.ofMinutes(1)) ? "minute" : each.equals(Duration.ofHours(1)) ? "hour"
                : Waits.human(each));
    }
}
