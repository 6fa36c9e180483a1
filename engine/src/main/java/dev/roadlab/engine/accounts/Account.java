package dev.roadlab.engine.accounts;

import dev.roadlab.engine.accounts.LearnerId;

/**
 * An account as the rest of the engine sees it (never its password hash).
 *
 * @param learner the learner row that holds the account's progress and submissions
 */
public record Account(AccountId id, String login, String displayName, Role role, LearnerId learner) {
}
