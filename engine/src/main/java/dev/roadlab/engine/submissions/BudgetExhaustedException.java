package dev.roadlab.engine.submissions;

import dev.roadlab.engine.accounts.Budget;
import java.time.Duration;
import java.time.Instant;

/**
 * A submission refused because its learner (or, for a client without a cookie, its address) has used the lab's
 * budget for now; the web layer answers 429 with {@code Retry-After}. Nothing was stored and no token was spent.
 */
public final class BudgetExhaustedException extends RuntimeException {

    private final Budget budget;
    private final Duration retryAfter;
    private final Instant nextAttemptAt;

    public BudgetExhaustedException(String labTitle, Budget budget, Duration retryAfter, Instant nextAttemptAt) {
        super("You have used your attempts at " + labTitle + " for now (" + BudgetState.describe(budget)
                + "). Your next attempt is in " + Waits.human(retryAfter) + "; until then, keep working on your files"
                + " and submit them then.", null, false, false);
        this.budget = budget;
        this.retryAfter = retryAfter;
        this.nextAttemptAt = nextAttemptAt;
    }

    public Budget budget() {
        return budget;
    }

    /** How long until the next attempt is allowed. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up: the {@code Retry-After} header's value. */
    public long retryAfterSeconds() {
        return Math.max(1, Waits.ceilSeconds(retryAfter));
    }
}
