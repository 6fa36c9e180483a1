package dev.roadlab.engine.accounts;

import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.LEARNERS;
import static dev.roadlab.engine.db.jooq.Tables.PASSWORD_RESETS;
import static dev.roadlab.engine.db.jooq.Tables.SESSIONS;

import dev.roadlab.engine.db.jooq.tables.records.AccountsRecord;
import dev.roadlab.engine.accounts.LearnerId;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.roadlab.engine.db.cache.RecentReads;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Accounts, passwords and sessions. Sessions live in the database, so any engine process serves any signed-in
 * request; a session is replaced at sign-in, deleted at sign-out, and every session of an account is deleted when its
 * password changes. Answers never tell whether a login exists: an unknown login is refused like a wrong password and
 * costs the same Argon2id verification.
 */
public final class AccountService {

    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 256;
    /** A session unused this long ends. */
    static final Duration SESSION_IDLE = Duration.ofDays(7);
    /** And none lasts longer than this, used or not. */
    static final Duration SESSION_MAX = Duration.ofDays(30);
    /** last_seen_at is written at most this often per session. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    static final Duration RESET_VALID = Duration.ofHours(24);
    /** Sign-in attempts: per login, and per address (several people may share one). */
    static final Budget SIGN_IN_PER_LOGIN = new Budget(5, Duration.ofMinutes(15));
    static final Budget SIGN_IN_PER_ADDRESS = new Budget(30, Duration.ofMinutes(15));

    /** The password hash of a host's account: not a PHC string, so {@link Passwords#matches} is false for every password. */
    static final String NO_PASSWORD = "!host-account";

    private final DSLContext dsl;
    private final Clock clock;
    private final TokenBuckets buckets;

    /**
     * Recently seen session tokens (see {@link RecentReads}): every page asks who its cookie is. An answer is served
     * again only while the session is live by the clock and not due for its idle limit to be pushed forward, so the
     * same sessions end, and are touched, as when each request asks the database.
     */
    private final RecentReads.Answers<String, Optional<LiveSession>> sessions;

    /** A live session as read: its account, when it ends, and when it was last pushed forward. */
    private record LiveSession(Account account, OffsetDateTime ends, OffsetDateTime lastSeen) {
    }

    public AccountService(DSLContext dsl, Clock clock, TokenBuckets buckets) {
        this.dsl = dsl;
        this.clock = clock;
        this.buckets = buckets;
        this.sessions = RecentReads.of(dsl).answers(10_000);
    }

    /** The login as stored: trimmed, lower case. */
    public static String normalLogin(String login) {
        return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Creates an account, for bootstrapping (the first admin from the environment, {@code roadlab admin}) where no
     * caller exists yet; pages use {@link #createBy} or {@link #signUp}. The learner row {@code claim} (the browser's anonymous progress) becomes the account's if
     * no account owns it yet; otherwise a new learner row is made.
     *
     * @throws AccountProblem naming every problem of the input, or that the login is taken
     */
    public Account create(String login, String displayName, String password, Role role, Optional<LearnerId> claim) {
        String normal = normalLogin(login);
        List<String> problems = problems(normal, displayName, password);
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
        String hash = Passwords.hashOf(password);
        try {
            return dsl.transactionResult(tx -> {
                DSLContext t = tx.dsl();
                OffsetDateTime now = OffsetDateTime.now(clock);
                Long learner = claim.map(LearnerId::value)
                        .filter(id -> t.fetchExists(LEARNERS, LEARNERS.ID.eq(id))
                                && !t.fetchExists(ACCOUNTS, ACCOUNTS.LEARNER_ID.eq(id)))
                        .orElse(null);
                if (learner == null) {
                    learner = t.insertInto(LEARNERS)
                            .set(LEARNERS.TOKEN_HASH, SecretTokens.hash(SecretTokens.random()))
                            .set(LEARNERS.CREATED_AT, now)
                            .returningResult(LEARNERS.ID).fetchOne(LEARNERS.ID);
                }
                long id = t.insertInto(ACCOUNTS)
                        .set(ACCOUNTS.LOGIN, normal)
                        .set(ACCOUNTS.DISPLAY_NAME, displayName.strip())
                        .set(ACCOUNTS.PASSWORD_HASH, hash)
                        .set(ACCOUNTS.ROLE, role.wireName())
                        .set(ACCOUNTS.LEARNER_ID, learner)
                        .set(ACCOUNTS.CREATED_AT, now)
                        .set(ACCOUNTS.PASSWORD_CHANGED_AT, now)
                        .returningResult(ACCOUNTS.ID).fetchOne(ACCOUNTS.ID);
                return new Account(new AccountId(id), normal, displayName.strip(), role, new LearnerId(learner));
            });
        } catch (IntegrityConstraintViolationException e) {
            throw new AccountProblem("the login '" + normal + "' is taken");
        }
    }

    /** {@link #create} by an admin (the admin's accounts page); anyone else is refused. */
    public Account createBy(Caller admin, String login, String displayName, String password, Role role) {
        requireAdmin(admin);
        return create(login, displayName, password, role, Optional.empty());
    }

    /**
     * Sign-up: like {@link #create} as a learner, but a taken login is not revealed: it answers empty, after the same
     * work, and the page says the same thing either way.
     *
     * @throws AccountProblem for input that would be refused whoever asked (a weak password, a malformed login)
     */
    public Optional<Account> signUp(String login, String displayName, String password, Optional<LearnerId> claim) {
        List<String> problems = problems(normalLogin(login), displayName, password);
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
        try {
            return Optional.of(create(login, displayName, password, Role.LEARNER, claim));
        } catch (AccountProblem taken) {
            return Optional.empty();
        }
    }

    private static List<String> problems(String login, String displayName, String password) {
        List<String> problems = new ArrayList<>(loginAndNameProblems(login, displayName));
        problems.addAll(passwordProblems(password));
        return problems;
    }

    /** What is wrong with a (normalized) login and a name; {@link HostUser} holds the host's users to the same rule. */
    static List<String> loginAndNameProblems(String login, String displayName) {
        List<String> problems = new ArrayList<>();
        if (login == null || !LOGIN.matcher(login).matches()) {
            problems.add("a login is 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter or"
                    + " digit");
        }
        if (displayName == null || displayName.isBlank() || displayName.strip().length() > 100
                || displayName.chars().anyMatch(Character::isISOControl)) {
            problems.add("a name is 1 to 100 characters, without control characters");
        }
        return problems;
    }

    private static List<String> passwordProblems(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return List.of("a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            return List.of("a password has at most " + MAX_PASSWORD + " characters");
        }
        return List.of();
    }

    /**
     * Signs in: a new session on success (the caller's old one, if any, should be ended by the caller). Attempts are
     * limited per login (whether or not it exists) and per address; a success refunds them.
     */
    public SignInResult signIn(String login, String password, String address) {
        String normal = normalLogin(login);
        String loginKey = "signin-login:" + normal;
        String addressKey = "signin-address:" + address;
        TokenBuckets.Decision perLogin = buckets.take(loginKey, SIGN_IN_PER_LOGIN);
        if (!perLogin.allowed()) {
            return new SignInResult.Throttled(perLogin.retryAfter(), true);
        }
        TokenBuckets.Decision perAddress = buckets.take(addressKey, SIGN_IN_PER_ADDRESS);
        if (!perAddress.allowed()) {
            buckets.refund(loginKey, SIGN_IN_PER_LOGIN);
            return new SignInResult.Throttled(perAddress.retryAfter(), false);
        }
        Optional<AccountsRecord> row = password == null || password.length() > MAX_PASSWORD ? Optional.empty()
                : dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.LOGIN.eq(normal)).fetchOptional();
        boolean ok;
        if (row.isPresent()) {
            ok = Passwords.matches(password, row.get().getPasswordHash());
        } else {
            Passwords.verifyDecoy(password == null ? "" : password.substring(0, Math.min(password.length(),
                    MAX_PASSWORD)));
            ok = false;
        }
        if (!ok) {
            return new SignInResult.Refused();
        }
        buckets.reset(loginKey);
        buckets.refund(addressKey, SIGN_IN_PER_ADDRESS);
        Account account = account(row.get());
        return new SignInResult.SignedIn(account, startSession(account.id()));
    }

    /**
     * The account of a host's user (Roadlab mounted with an identity hook): found by the host's id, or created with a
     * learner row of its own. The host owns the person: a login, name or role that changed at the host is written
     * here, so a role the host takes away is gone on the next request. Such an account has the password hash
     * {@link #NO_PASSWORD}, which no password matches (it is not a PHC string), so it can never sign in with
     * Roadlab's own pages.
     *
     * @throws AccountProblem when the host's login is already an account of someone else
     */
    public Account fromHost(HostUser user) {
        Optional<AccountsRecord> known = dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.EXTERNAL_ID.eq(user.id()))
                .fetchOptional();
        try {
            if (known.isPresent()) {
                return updatedFromHost(known.get(), user);
            }
            return dsl.transactionResult(tx -> {
                DSLContext t = tx.dsl();
                OffsetDateTime now = OffsetDateTime.now(clock);
                long learner = t.insertInto(LEARNERS)
                        .set(LEARNERS.TOKEN_HASH, SecretTokens.hash(SecretTokens.random()))
                        .set(LEARNERS.CREATED_AT, now)
                        .returningResult(LEARNERS.ID).fetchOne(LEARNERS.ID);
                long id = t.insertInto(ACCOUNTS)
                        .set(ACCOUNTS.LOGIN, user.login())
                        .set(ACCOUNTS.DISPLAY_NAME, user.displayName())
                        .set(ACCOUNTS.PASSWORD_HASH, NO_PASSWORD)
                        .set(ACCOUNTS.ROLE, user.role().wireName())
                        .set(ACCOUNTS.LEARNER_ID, learner)
                        .set(ACCOUNTS.EXTERNAL_ID, user.id())
                        .set(ACCOUNTS.CREATED_AT, now)
                        .set(ACCOUNTS.PASSWORD_CHANGED_AT, now)
                        .returningResult(ACCOUNTS.ID).fetchOne(ACCOUNTS.ID);
                return new Account(new AccountId(id), user.login(), user.displayName(), user.role(),
                        new LearnerId(learner));
            });
        } catch (IntegrityConstraintViolationException e) {
            // Either the same person's first two requests raced (the other one created the row: use it), or the
            // login belongs to another account.
            Optional<AccountsRecord> raced = dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.EXTERNAL_ID.eq(user.id()))
                    .fetchOptional();
            if (raced.isPresent() && raced.get().getLogin().equals(user.login())) {
                return updatedFromHost(raced.get(), user);
            }
            throw new AccountProblem("the login '" + user.login() + "' is already another account's");
        }
    }

    private Account updatedFromHost(AccountsRecord row, HostUser user) {
        if (!row.getLogin().equals(user.login()) || !row.getDisplayName().equals(user.displayName())
                || !row.getRole().equals(user.role().wireName())) {
            dsl.update(ACCOUNTS).set(ACCOUNTS.LOGIN, user.login()).set(ACCOUNTS.DISPLAY_NAME, user.displayName())
                    .set(ACCOUNTS.ROLE, user.role().wireName()).where(ACCOUNTS.ID.eq(row.getId())).execute();
        }
        return new Account(new AccountId(row.getId()), user.login(), user.displayName(), user.role(),
                new LearnerId(row.getLearnerId()));
    }

    /** A new session for the account; its token goes in the cookie. */
    public String startSession(AccountId account) {
        String token = SecretTokens.random();
        OffsetDateTime now = OffsetDateTime.now(clock);
        dsl.insertInto(SESSIONS)
                .set(SESSIONS.TOKEN_HASH, SecretTokens.hash(token))
                .set(SESSIONS.ACCOUNT_ID, account.value())
                .set(SESSIONS.CREATED_AT, now)
                .set(SESSIONS.LAST_SEEN_AT, now)
                .set(SESSIONS.EXPIRES_AT, now.plus(SESSION_IDLE))
                .execute();
        return token;
    }

    /** The account a session token belongs to, if the session is live; using it pushes its idle limit forward. */
    public Optional<Account> session(String token) {
        if (!SecretTokens.wellFormed(token)) {
            return Optional.empty();
        }
        return sessions.get(token, this::readSession, known -> known.isEmpty() || stillLive(known.get()))
                .map(LiveSession::account);
    }

    private boolean stillLive(LiveSession session) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return session.ends().isAfter(now) && Duration.between(session.lastSeen(), now).compareTo(TOUCH_EVERY) <= 0;
    }

    private Optional<LiveSession> readSession(String token) {
        String hash = SecretTokens.hash(token);
        OffsetDateTime now = OffsetDateTime.now(clock);
        var row = dsl.select(SESSIONS.LAST_SEEN_AT, SESSIONS.CREATED_AT, SESSIONS.EXPIRES_AT)
                .select(ACCOUNTS.fields())
                .from(SESSIONS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(SESSIONS.ACCOUNT_ID))
                .where(SESSIONS.TOKEN_HASH.eq(hash))
                .fetchOptional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        var r = row.get();
        if (!r.get(SESSIONS.EXPIRES_AT).isAfter(now) || !r.get(SESSIONS.CREATED_AT).plus(SESSION_MAX).isAfter(now)) {
            dsl.deleteFrom(SESSIONS).where(SESSIONS.TOKEN_HASH.eq(hash)).execute();
            return Optional.empty();
        }
        OffsetDateTime lastSeen = r.get(SESSIONS.LAST_SEEN_AT);
        OffsetDateTime expires = r.get(SESSIONS.EXPIRES_AT);
        if (Duration.between(lastSeen, now).compareTo(TOUCH_EVERY) > 0) {
            lastSeen = now;
            expires = now.plus(SESSION_IDLE);
            dsl.update(SESSIONS).set(SESSIONS.LAST_SEEN_AT, lastSeen).set(SESSIONS.EXPIRES_AT, expires)
                    .where(SESSIONS.TOKEN_HASH.eq(hash)).execute();
        }
        OffsetDateTime ends = expires.isBefore(r.get(SESSIONS.CREATED_AT).plus(SESSION_MAX))
                ? expires : r.get(SESSIONS.CREATED_AT).plus(SESSION_MAX);
        return Optional.of(new LiveSession(account(r.into(ACCOUNTS)), ends, lastSeen));
    }

    /** Ends the session of this token (nothing if there is none). */
    public void signOut(String token) {
        if (SecretTokens.wellFormed(token)) {
            dsl.deleteFrom(SESSIONS).where(SESSIONS.TOKEN_HASH.eq(SecretTokens.hash(token))).execute();
        }
    }

    /**
     * Changes the caller's own password: every session of the account ends, and a new one (for the browser that
     * asked) is returned.
     *
     * @throws AccountProblem when the current password is wrong or the new one is refused
     */
    public String changePassword(Caller caller, String current, String next) {
        Account account = caller.account().orElseThrow(() -> new NotAllowedException("Sign in first."));
        if (caller.via() != Caller.Via.SESSION) {
            throw new NotAllowedException("Passwords are changed from a signed-in browser, not with a token.");
        }
        String hash = dsl.select(ACCOUNTS.PASSWORD_HASH).from(ACCOUNTS).where(ACCOUNTS.ID.eq(account.id().value()))
                .fetchSingle(ACCOUNTS.PASSWORD_HASH);
        if (!Passwords.matches(current == null ? "" : current, hash)) {
            throw new AccountProblem("the current password is not right");
        }
        List<String> problems = passwordProblems(next);
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
        setPassword(account.id(), next);
        return startSession(account.id());
    }

    private void setPassword(AccountId account, String password) {
        String hash = Passwords.hashOf(password);
        dsl.transaction(tx -> {
            tx.dsl().update(ACCOUNTS).set(ACCOUNTS.PASSWORD_HASH, hash)
                    .set(ACCOUNTS.PASSWORD_CHANGED_AT, OffsetDateTime.now(clock))
                    .where(ACCOUNTS.ID.eq(account.value())).execute();
            tx.dsl().deleteFrom(SESSIONS).where(SESSIONS.ACCOUNT_ID.eq(account.value())).execute();
        });
    }

    /**
     * A one-time link token for {@code account} to choose a new password, valid for {@link #RESET_VALID}; only an
     * admin may make one. Earlier unused links of the account stop working.
     */
    public String resetToken(Caller admin, AccountId account) {
        requireAdmin(admin);
        return issueReset(account, admin.accountId());
    }

    private String issueReset(AccountId account, Optional<AccountId> by) {
        find(account).orElseThrow(() -> new AccountProblem("there is no such account"));
        String token = SecretTokens.random();
        OffsetDateTime now = OffsetDateTime.now(clock);
        dsl.transaction(tx -> {
            tx.dsl().deleteFrom(PASSWORD_RESETS).where(PASSWORD_RESETS.ACCOUNT_ID.eq(account.value())).execute();
            tx.dsl().insertInto(PASSWORD_RESETS)
                    .set(PASSWORD_RESETS.TOKEN_HASH, SecretTokens.hash(token))
                    .set(PASSWORD_RESETS.ACCOUNT_ID, account.value())
                    .set(PASSWORD_RESETS.CREATED_BY, by.map(AccountId::value).orElse(null))
                    .set(PASSWORD_RESETS.CREATED_AT, now)
                    .set(PASSWORD_RESETS.EXPIRES_AT, now.plus(RESET_VALID))
                    .execute();
        });
        return token;
    }

    /**
     * What the machine's operator may do with {@code roadlab admin}: whoever runs it can read the database anyway, so
     * it acts without a caller. Nothing on HTTP reaches this (ArchitectureTest keeps web from calling it).
     */
    public Operator operator() {
        return new Operator();
    }

    /** Account chores of {@code roadlab admin}. */
    public final class Operator {

        private Operator() {
        }

        public List<Account> list() {
            return dsl.selectFrom(ACCOUNTS).orderBy(ACCOUNTS.LOGIN).fetch().map(AccountService::account);
        }

        public Optional<Account> find(String login) {
            return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.LOGIN.eq(normalLogin(login))).fetchOptional()
                    .map(AccountService::account);
        }

        public String resetToken(AccountId account) {
            return issueReset(account, Optional.empty());
        }
    }

    /** Whether a reset token can still be used (for showing its form). */
    public boolean resetUsable(String token) {
        return SecretTokens.wellFormed(token) && dsl.fetchExists(PASSWORD_RESETS,
                PASSWORD_RESETS.TOKEN_HASH.eq(SecretTokens.hash(token)), PASSWORD_RESETS.USED_AT.isNull(),
                PASSWORD_RESETS.EXPIRES_AT.gt(OffsetDateTime.now(clock)));
    }

    /**
     * Sets a new password through a reset token (once); every session of the account ends.
     *
     * @return the account, empty when the token is unknown, used or expired
     * @throws AccountProblem when the new password is refused (the token stays usable)
     */
    public Optional<Account> resetPassword(String token, String password) {
        List<String> problems = passwordProblems(password);
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
        if (!SecretTokens.wellFormed(token)) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Long> account = dsl.update(PASSWORD_RESETS).set(PASSWORD_RESETS.USED_AT, now)
                .where(PASSWORD_RESETS.TOKEN_HASH.eq(SecretTokens.hash(token)), PASSWORD_RESETS.USED_AT.isNull(),
                        PASSWORD_RESETS.EXPIRES_AT.gt(now))
                .returningResult(PASSWORD_RESETS.ACCOUNT_ID).fetchOptional(PASSWORD_RESETS.ACCOUNT_ID);
        account.ifPresent(id -> setPassword(new AccountId(id), password));
        return account.flatMap(id -> find(new AccountId(id)));
    }

    public Optional<Account> find(AccountId id) {
        return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.ID.eq(id.value())).fetchOptional().map(AccountService::account);
    }

    /** The account owning a learner row, if one does. */
    public Optional<Account> ofLearner(LearnerId learner) {
        return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.LEARNER_ID.eq(learner.value())).fetchOptional()
                .map(AccountService::account);
    }

    /** Every account, by login; admins only. */
    public List<Account> list(Caller admin) {
        requireAdmin(admin);
        return dsl.selectFrom(ACCOUNTS).orderBy(ACCOUNTS.LOGIN).fetch().map(AccountService::account);
    }

    /** Changes an account's role; admins only, and the last admin cannot be demoted. */
    public Account setRole(Caller admin, AccountId account, Role role) {
        requireAdmin(admin);
        Account target = find(account).orElseThrow(() -> new AccountProblem("there is no such account"));
        if (target.role() == Role.ADMIN && role != Role.ADMIN
                && dsl.fetchCount(ACCOUNTS, ACCOUNTS.ROLE.eq(Role.ADMIN.wireName())) <= 1) {
            throw new AccountProblem("this is the only admin: make another admin first");
        }
        dsl.update(ACCOUNTS).set(ACCOUNTS.ROLE, role.wireName()).where(ACCOUNTS.ID.eq(account.value())).execute();
        return new Account(target.id(), target.login(), target.displayName(), role, target.learner());
    }

    /** Whether any admin account exists (then {@code auto} mode is hosted). */
    public boolean anyAdmin() {
        return dsl.fetchExists(ACCOUNTS, ACCOUNTS.ROLE.eq(Role.ADMIN.wireName()));
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.atLeast(Role.ADMIN) || caller.via() != Caller.Via.SESSION) {
            throw new NotAllowedException("Only an admin may do this.");
        }
    }

    private static Account account(AccountsRecord r) {
        return new Account(new AccountId(r.getId()), r.getLogin(), r.getDisplayName(), Role.fromWireName(r.getRole()),
                new LearnerId(r.getLearnerId()));
    }
}
