package dev.roadlab.engine.accounts;

/**
 * The caller may not do this (a learner opening the admin's pages, a token without the scope). Objects the caller
 * may not see are not this: they are absent (404), so that their existence does not leak.
 */
public final class NotAllowedException extends RuntimeException {

    public NotAllowedException(String message) {
        super(message);
    }
}
