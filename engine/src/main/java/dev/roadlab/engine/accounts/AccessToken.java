package dev.roadlab.engine.accounts;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * A personal access token as its owner's list shows it: never the secret, which exists only in the answer to
 * {@link AccessTokenService#create}.
 *
 * @param id        the token's number, for revoking it
 * @param name      the owner's label for it
 * @param scopes    what it may do
 * @param createdAt when it was made
 * @param lastUsed  when it last authenticated a request (to the minute), if ever
 * @param expires   when it stops working, if it does
 * @param revoked   when its owner revoked it, if they did
 */
public record AccessToken(long id, String name, Set<Scope> scopes, OffsetDateTime createdAt,
                          Optional<OffsetDateTime> lastUsed, Optional<OffsetDateTime> expires,
                          Optional<OffsetDateTime> revoked) {

    public AccessToken {
        scopes = Set.copyOf(scopes);
    }

    /** Whether it still authenticates at {@code now}. */
    public boolean live(OffsetDateTime now) {
        return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
    }
}
