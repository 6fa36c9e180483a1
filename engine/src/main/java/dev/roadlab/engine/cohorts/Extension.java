package dev.roadlab.engine.cohorts;

import dev.roadlab.engine.accounts.AccountId;
import java.time.OffsetDateTime;

/** One learner's own deadline for one lab, replacing the lab's deadline for them. */
public record Extension(AccountId account, String labId, OffsetDateTime dueAt) {
}
