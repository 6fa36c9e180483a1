package dev.roadlab.engine.cohorts;

import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.LearnerId;
import java.time.OffsetDateTime;

/**
 * One account's membership of a cohort.
 *
 * @param learner the account's learner row (whose submissions the gradebook reads)
 */
public record Member(AccountId account, String login, String displayName, MemberRole role, LearnerId learner,
                     OffsetDateTime joinedAt) {
}
