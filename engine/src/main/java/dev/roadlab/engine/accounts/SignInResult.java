package dev.roadlab.engine.accounts;

import java.time.Duration;

/** How a sign-in ended. */
public sealed interface SignInResult {

    /** Signed in: the browser gets {@code sessionToken} in its cookie. */
    record SignedIn(Account account, String sessionToken) implements SignInResult {
    }

    /** Wrong login or password: the same answer for both, so that logins cannot be discovered. */
    record Refused() implements SignInResult {
    }

    /**
     * Too many attempts for this login or from this address; try again after {@code retryAfter}.
     *
     * @param perAccount whether the login's limit was hit (else the address's)
     */
    record Throttled(Duration retryAfter, boolean perAccount) implements SignInResult {
    }
}
