package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * An invite link as its cohort's instructors see it later: the link itself is shown once, when it is made, since
 * only its hash is kept.
 *
 * @param id       the SHA-256 of the link's secret (names the invite for revoking; reveals nothing of the link)
 * @param uses     how many accounts joined through it
 */
public record Invite(String id, OffsetDateTime createdAt, OffsetDateTime expiresAt, Optional<OffsetDateTime> revokedAt,
                     int uses) {

    /** Whether it still lets people join at {@code now}. */
    public boolean usableAt(OffsetDateTime now) {
        return revokedAt.isEmpty() && expiresAt.isAfter(now);
    }
}
