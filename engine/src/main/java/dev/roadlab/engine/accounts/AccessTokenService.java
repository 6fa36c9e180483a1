package dev.roadlab.engine.accounts;

import static dev.roadlab.engine.db.jooq.Tables.ACCESS_TOKENS;
import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;

import dev.roadlab.engine.db.jooq.tables.records.AccessTokensRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Personal access tokens: made and revoked by their owner from a signed-in browser, used by scripts and
 * {@code roadlab submit} as {@code Authorization: Bearer rl_...}. The token is shown once; the database keeps its
 * SHA-256 only, so a copy of the database authenticates nobody. A token holds only the scopes it was made with (the
 * gradebook scope only for instructors and admins), and every request it makes is checked against them by the
 * service asked.
 */
public final class AccessTokenService implements BearerTokens {

    /** What every token starts with, so a leaked one is recognisable (secret scanners, logs). */
    public static final String PREFIX = "rl_";
    static final int MAX_NAME = 64;
    /** Enough for every laptop and CI job a person has; more is a script making tokens in a loop. */
    static final int MAX_LIVE_PER_ACCOUNT = 50;
    static final int MAX_DAYS = 366;
    /** last_used_at is written at most this often per token, so a busy script does not write on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final DSLContext dsl;
    private final Clock clock;

    public AccessTokenService(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Makes a token for the caller's own account.
     *
     * @param days how long it works, empty for until revoked
     * @throws NotAllowedException unless the caller is a signed-in browser (a token cannot make tokens)
     * @throws AccountProblem      naming every problem of the input
     */
    public NewAccessToken create(Caller caller, String name, Set<Scope> scopes, Optional<Integer> days) {
        Account account = owner(caller);
        String label = name == null ? "" : name.strip();
        List<String> problems = new ArrayList<>();
        if (label.isEmpty() || label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            problems.add("a token's name is 1 to " + MAX_NAME + " characters, without control characters");
        }
        if (scopes.isEmpty()) {
            problems.add("choose at least one scope");
        }
        if (scopes.contains(Scope.GRADEBOOK) && !account.role().atLeast(Role.INSTRUCTOR)) {
            problems.add("the '" + Scope.GRADEBOOK.wireName() + "' scope is for instructors and admins");
        }
        if (days.isPresent() && (days.get() < 1 || days.get() > MAX_DAYS)) {
            problems.add("a token expires after 1 to " + MAX_DAYS + " days, or never");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (problems.isEmpty() && list(caller).stream().filter(t -> t.live(now)).count() >= MAX_LIVE_PER_ACCOUNT) {
            problems.add("you have " + MAX_LIVE_PER_ACCOUNT + " live tokens: revoke one you no longer use first");
        }
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
        String secret = PREFIX + SecretTokens.random();
        AccessTokensRecord row = dsl.insertInto(ACCESS_TOKENS)
                .set(ACCESS_TOKENS.ACCOUNT_ID, account.id().value())
                .set(ACCESS_TOKENS.NAME, label)
                .set(ACCESS_TOKENS.TOKEN_HASH, SecretTokens.hash(secret))
                .set(ACCESS_TOKENS.SCOPES, wire(scopes))
                .set(ACCESS_TOKENS.CREATED_AT, now)
                .set(ACCESS_TOKENS.EXPIRES_AT, days.map(now::plusDays).orElse(null))
                .returning()
                .fetchSingle();
        return new NewAccessToken(token(row), secret);
    }

    /** The caller's own tokens, newest first, revoked and expired ones included. */
    public List<AccessToken> list(Caller caller) {
        Account account = owner(caller);
        return dsl.selectFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.ACCOUNT_ID.eq(account.id().value()))
                .orderBy(ACCESS_TOKENS.CREATED_AT.desc(), ACCESS_TOKENS.ID.desc())
                .fetch().map(AccessTokenService::token);
    }

    /**
     * Revokes one of the caller's own tokens: it stops working at once, on every server process.
     *
     * @return the token as revoked; empty when the caller has no live token with that id (another's token is absent)
     */
    public Optional<AccessToken> revoke(Caller caller, long id) {
        Account account = owner(caller);
        return dsl.update(ACCESS_TOKENS).set(ACCESS_TOKENS.REVOKED_AT, OffsetDateTime.now(clock))
                .where(ACCESS_TOKENS.ID.eq(id), ACCESS_TOKENS.ACCOUNT_ID.eq(account.id().value()),
                        ACCESS_TOKENS.REVOKED_AT.isNull())
                .returning()
                .fetchOptional()
                .map(AccessTokenService::token);
    }

    /** The account and scopes of a live token; empty for anything else, without saying why. */
    @Override
    public Optional<Caller> authenticate(String token, String address) {
        if (token == null || !token.startsWith(PREFIX) || !SecretTokens.wellFormed(token.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        String hash = SecretTokens.hash(token);
        OffsetDateTime now = OffsetDateTime.now(clock);
        var found = dsl.select(ACCESS_TOKENS.fields()).select(ACCOUNTS.fields())
                .from(ACCESS_TOKENS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(ACCESS_TOKENS.ACCOUNT_ID))
                .where(ACCESS_TOKENS.TOKEN_HASH.eq(hash))
                .fetchOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessTokensRecord row = found.get().into(ACCESS_TOKENS);
        if (!token(row).live(now)) {
            return Optional.empty();
        }
        if (row.getLastUsedAt() == null || Duration.between(row.getLastUsedAt(), now).compareTo(TOUCH_EVERY) > 0) {
            dsl.update(ACCESS_TOKENS).set(ACCESS_TOKENS.LAST_USED_AT, now)
                    .where(ACCESS_TOKENS.ID.eq(row.getId())).execute();
        }
        var a = found.get().into(ACCOUNTS);
        Account account = new Account(new AccountId(a.getId()), a.getLogin(), a.getDisplayName(),
                Role.fromWireName(a.getRole()), new LearnerId(a.getLearnerId()));
        // A token made by an instructor who is no longer one keeps no gradebook scope.
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        scopes.addAll(scopes(row.getScopes()));
        if (!account.role().atLeast(Role.INSTRUCTOR)) {
            scopes.remove(Scope.GRADEBOOK);
        }
        return Optional.of(Caller.withToken(account, scopes, address));
    }

    /** Tokens are managed from a signed-in browser only: a stolen token must not mint or hide others. */
    private static Account owner(Caller caller) {
        if (caller.via() != Caller.Via.SESSION || caller.account().isEmpty()) {
            throw new NotAllowedException("Access tokens are managed from a signed-in browser, not with a token.");
        }
        return caller.account().get();
    }

    private static String wire(Set<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::wireName).collect(Collectors.joining(" "));
    }

    private static Set<Scope> scopes(String wire) {
        return Arrays.stream(wire.split(" ")).map(Scope::fromWireName).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    }

    private static AccessToken token(AccessTokensRecord r) {
        return new AccessToken(r.getId(), r.getName(), scopes(r.getScopes()), r.getCreatedAt(),
                Optional.ofNullable(r.getLastUsedAt()), Optional.ofNullable(r.getExpiresAt()),
                Optional.ofNullable(r.getRevokedAt()));
    }
}
