package dev.roadlab.engine.cohorts;

import dev.roadlab.engine.accounts.AccountId;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A cohort's deadlines: each lab's, and each learner's extension. A learner's effective due time for a lab is their
 * extension if they have one, else the lab's deadline; a submission is late when it was made after that time
 * (exactly at it is on time). Without either, nothing is late.
 *
 * @param labs       due time by lab id
 * @param extensions due time by learner account, then lab id
 */
public record Deadlines(Map<String, OffsetDateTime> labs, Map<AccountId, Map<String, OffsetDateTime>> extensions) {

    public Deadlines {
        labs = Map.copyOf(labs);
        extensions = Map.copyOf(extensions);
    }

    /** When {@code learner}'s work on {@code labId} is due. */
    public Optional<OffsetDateTime> dueFor(AccountId learner, String labId) {
        OffsetDateTime extended = extensions.getOrDefault(learner, Map.of()).get(labId);
        return extended != null ? Optional.of(extended) : Optional.ofNullable(labs.get(labId));
    }

    /** Whether a submission made at {@code submittedAt} by {@code learner} to {@code labId} is late. */
    public boolean late(AccountId learner, String labId, OffsetDateTime submittedAt) {
        return dueFor(learner, labId).map(submittedAt::isAfter).orElse(false);
    }
}
