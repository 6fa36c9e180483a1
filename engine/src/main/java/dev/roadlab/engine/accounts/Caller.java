package dev.roadlab.engine.accounts;

import dev.roadlab.engine.accounts.LearnerId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking: every service method that returns or changes a learner's object takes one, and authorization is
 * decided there, not in pages.
 *
 * <ul>
 *   <li>signed in (a session): {@code account} present, every scope;</li>
 *   <li>a personal access token: {@code account} present, the token's scopes;</li>
 *   <li>single-user mode's anonymous learner (a learner cookie): no account, a learner, submit and read;</li>
 *   <li>nobody (no cookie, e.g. curl): no account, no learner.</li>
 * </ul>
 *
 * @param via     the credential the caller presented
 * @param address the client's address (after trusted forwarded headers), for limits per address
 */
public record Caller(Optional<Account> account, Optional<LearnerId> learner, Set<Scope> scopes, Via via,
                     String address) {

    /** The credential a request carried. */
    public enum Via {
        /** Nothing: no cookie, no token. */
        NONE,
        /** Single-user mode's learner cookie. */
        LEARNER_COOKIE,
        /** A signed-in browser's session cookie. */
        SESSION,
        /** A personal access token. */
        TOKEN
    }

    public Caller {
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** Nobody in particular. */
    public static Caller nobody(String address) {
        return new Caller(Optional.empty(), Optional.empty(), EnumSet.of(Scope.SUBMIT, Scope.READ), Via.NONE,
                address);
    }

    /** The anonymous learner of single-user mode, known by their browser's cookie. */
    public static Caller anonymousLearner(LearnerId learner, String address) {
        return new Caller(Optional.empty(), Optional.of(learner), EnumSet.of(Scope.SUBMIT, Scope.READ),
                Via.LEARNER_COOKIE, address);
    }

    /** A signed-in account: every scope. */
    public static Caller signedIn(Account account, String address) {
        return new Caller(Optional.of(account), Optional.of(account.learner()), EnumSet.allOf(Scope.class),
                Via.SESSION, address);
    }

    /** An account acting through a token limited to {@code scopes}. */
    public static Caller withToken(Account account, Set<Scope> scopes, String address) {
        return new Caller(Optional.of(account), Optional.of(account.learner()), scopes, Via.TOKEN, address);
    }

    public boolean signedIn() {
        return account.isPresent();
    }

    public Optional<Role> role() {
        return account.map(Account::role);
    }

    /** Whether the caller has an account of at least {@code role} (an admin is at least an instructor). */
    public boolean atLeast(Role role) {
        return account.map(a -> a.role().atLeast(role)).orElse(false);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }

    public Optional<AccountId> accountId() {
        return account.map(Account::id);
    }

    /** The same caller with a learner (the one just registered for this browser). */
    public Caller withLearner(LearnerId newLearner) {
        return new Caller(account, Optional.of(newLearner), scopes, via, address);
    }
}
