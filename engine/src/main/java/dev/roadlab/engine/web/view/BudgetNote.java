package dev.roadlab.engine.web.view;

import dev.roadlab.engine.submissions.BudgetExhaustedException;
import dev.roadlab.engine.submissions.BudgetState;

/**
 * What the lab page says about the submission budget, next to the submit buttons. The server decides: a learner with
 * no attempt left still sees the forms (their work is not lost), and a post is answered 429 with this note.
 *
 * @param summary   "3 of 5 attempts left." or "No attempts left for now: your next attempt is in 2 minutes (...)."
 * @param rule      how the budget works, in a sentence
 * @param exhausted whether no attempt is left now
 * @param refusal   the message of a post just refused for the budget, or null
 */
public record BudgetNote(String summary, String rule, boolean exhausted, String refusal) {

    public static BudgetNote of(BudgetState state) {
        return new BudgetNote(state.summary(), state.rule(), state.exhausted(), null);
    }

    /** The note after a post was refused: that refusal, and the state it was refused in. */
    public static BudgetNote refused(BudgetExhaustedException e) {
        BudgetState state = new BudgetState(e.budget(), 0, e.retryAfter(), e.nextAttemptAt());
        return new BudgetNote(state.summary(), state.rule(), true, e.getMessage());
    }
}
