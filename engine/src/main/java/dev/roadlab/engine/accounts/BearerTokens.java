package dev.roadlab.engine.accounts;

import java.util.Optional;

/** Who a bearer token ({@code Authorization: Bearer ...}) makes the caller; empty for an unknown or revoked one. */
@FunctionalInterface
public interface BearerTokens {

    /** No tokens are accepted. */
    BearerTokens NONE = (token, address) -> Optional.empty();

    Optional<Caller> authenticate(String token, String address);
}
