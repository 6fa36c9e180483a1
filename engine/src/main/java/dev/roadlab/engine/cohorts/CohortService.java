package dev.roadlab.engine.cohorts;

import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_EXTENSIONS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_INVITES;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_LABS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;

import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.Budget;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Invites;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.accounts.SecretTokens;
import dev.roadlab.engine.db.jooq.tables.records.CohortInvitesRecord;
import dev.roadlab.engine.accounts.LearnerId;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Cohorts, their members, invite links, deadlines, extensions and budgets. Authorization is decided here: only
 * instructors and admins run cohorts at all (anyone else: {@link NotAllowedException}, 403), an instructor runs only
 * the cohorts they are an instructor member of, and a cohort they do not run is absent to them (empty, 404) exactly
 * like one that does not exist; an admin's browser session runs every cohort. Changes need a browser session: a
 * personal access token's {@link Scope#GRADEBOOK} scope only reads.
 *
 * <p>Invite links carry a random secret of which only the SHA-256 is stored; they expire (7 days unless told, 90 at
 * most) and can be revoked. This class is also the {@link Invites} seam through which sign-up redeems them.
 */
public final class CohortService implements Invites {

    /** How long an invite is valid unless the instructor says otherwise, and the longest it may be. */
    public static final int DEFAULT_INVITE_DAYS = 7;
    public static final int MAX_INVITE_DAYS = 90;
    static final int MAX_NAME = 100;
    private static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern INVITE_ID = Pattern.compile("[0-9a-f]{64}");

    private final DSLContext dsl;
    private final Clock clock;

    public CohortService(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    // ---- cohorts ----

    /**
     * Creates a cohort of the course; the caller becomes its first instructor.
     *
     * @throws NotAllowedException for a caller who is no instructor or admin, or not in a browser session
     * @throws CohortProblem for a blank or too long name
     */
    public Cohort create(Caller caller, String name, String courseId) {
        AccountId by = requireChanger(caller);
        String clean = cleanName(name);
        OffsetDateTime now = now();
        long id = dsl.transactionResult(tx -> {
            long cohort = tx.dsl().insertInto(COHORTS)
                    .set(COHORTS.NAME, clean)
                    .set(COHORTS.COURSE_ID, courseId)
                    .set(COHORTS.CREATED_BY, by.value())
                    .set(COHORTS.CREATED_AT, now)
                    .returningResult(COHORTS.ID).fetchOne(COHORTS.ID);
            tx.dsl().insertInto(COHORT_MEMBERS)
                    .set(COHORT_MEMBERS.COHORT_ID, cohort)
                    .set(COHORT_MEMBERS.ACCOUNT_ID, by.value())
                    .set(COHORT_MEMBERS.ROLE, MemberRole.INSTRUCTOR.wireName())
                    .set(COHORT_MEMBERS.JOINED_AT, now)
                    .execute();
            return cohort;
        });
        return find(caller, new CohortId(id)).orElseThrow();
    }

    private static String cleanName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw new CohortProblem("A cohort's name is 1 to " + MAX_NAME + " characters, without control characters.");
        }
        return clean;
    }

    /** The cohorts the caller runs (an admin: all), newest first. */
    public List<Cohort> list(Caller caller) {
        requireReader(caller);
        return selectCohorts().where(runBy(caller)).orderBy(COHORTS.CREATED_AT.desc(), COHORTS.ID.desc())
                .fetch(this::cohort);
    }

    /** A cohort the caller runs; empty for any other, existing or not. */
    public Optional<Cohort> find(Caller caller, CohortId id) {
        requireReader(caller);
        return selectCohorts().where(COHORTS.ID.eq(id.value())).and(runBy(caller)).fetchOptional(this::cohort);
    }

    private org.jooq.SelectJoinStep<Record> selectCohorts() {
        Field<Integer> learners = DSL.field(DSL.selectCount().from(COHORT_MEMBERS)
                .where(COHORT_MEMBERS.COHORT_ID.eq(COHORTS.ID))
                .and(COHORT_MEMBERS.ROLE.eq(MemberRole.LEARNER.wireName()))).as("learners");
        return dsl.select(COHORTS.fields()).select(learners).from(COHORTS);
    }

    private Cohort cohort(Record r) {
        return new Cohort(new CohortId(r.get(COHORTS.ID)), r.get(COHORTS.NAME), r.get(COHORTS.COURSE_ID),
                r.get(COHORTS.CREATED_AT), Optional.ofNullable(r.get(COHORTS.SUBMISSION_BUDGET)),
                r.get("learners", Integer.class));
    }

    /** Renames a cohort the caller runs; false when it is absent to them. */
    public boolean rename(Caller caller, CohortId id, String name) {
        requireChanger(caller);
        String clean = cleanName(name);
        return run(caller, id).map(c -> dsl.update(COHORTS).set(COHORTS.NAME, clean).where(COHORTS.ID.eq(c))
                .execute() > 0).orElse(false);
    }

    /**
     * Sets the cohort's submission budget ({@code 5/10m}, {@code off}), or the site's when blank; false when the
     * cohort is absent to the caller.
     *
     * @throws CohortProblem when it is not a budget {@link Budget#parse} reads
     */
    public boolean setBudget(Caller caller, CohortId id, String budget) {
        requireChanger(caller);
        String clean = cleanBudget(budget).orElse(null);
        return run(caller, id).map(c -> dsl.update(COHORTS).set(COHORTS.SUBMISSION_BUDGET, clean)
                .where(COHORTS.ID.eq(c)).execute() > 0).orElse(false);
    }

    /** A budget as stored: blank is none (the default applies), anything else must parse. */
    static Optional<String> cleanBudget(String budget) {
        if (budget == null || budget.isBlank()) {
            return Optional.empty();
        }
        String clean = budget.strip().toLowerCase(java.util.Locale.ROOT);
        if (clean.length() > 32) {
            throw new CohortProblem("A budget is short, such as 5/10m or off.");
        }
        try {
            return Optional.of(Budget.parse(clean).map(Budget::toString).orElse("off"));
        } catch (IllegalArgumentException e) {
            throw new CohortProblem(e.getMessage() + ".");
        }
    }

    // ---- members ----

    /** The cohort's members, instructors first, then by name; empty when the cohort is absent to the caller. */
    public Optional<List<Member>> members(Caller caller, CohortId id) {
        requireReader(caller);
        return run(caller, id).map(c -> dsl.select(COHORT_MEMBERS.fields()).select(ACCOUNTS.LOGIN,
                        ACCOUNTS.DISPLAY_NAME, ACCOUNTS.LEARNER_ID)
                .from(COHORT_MEMBERS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(COHORT_MEMBERS.ACCOUNT_ID))
                .where(COHORT_MEMBERS.COHORT_ID.eq(c))
                .orderBy(COHORT_MEMBERS.ROLE, ACCOUNTS.DISPLAY_NAME, ACCOUNTS.LOGIN) // "instructor" sorts first
                .fetch(r -> new Member(new AccountId(r.get(COHORT_MEMBERS.ACCOUNT_ID)), r.get(ACCOUNTS.LOGIN),
                        r.get(ACCOUNTS.DISPLAY_NAME), MemberRole.fromWireName(r.get(COHORT_MEMBERS.ROLE)),
                        new LearnerId(r.get(ACCOUNTS.LEARNER_ID)), r.get(COHORT_MEMBERS.JOINED_AT))));
    }

    /** The cohort's learner members, by name: the gradebook's rows. */
    public Optional<List<Member>> learners(Caller caller, CohortId id) {
        return members(caller, id).map(all -> all.stream().filter(m -> m.role() == MemberRole.LEARNER).toList());
    }

    /**
     * Makes an account with this login an instructor of the cohort (a co-instructor, or an instructor taking over);
     * false when the cohort is absent to the caller.
     *
     * @throws CohortProblem when there is no such account or it is a learner account
     */
    public boolean addInstructor(Caller caller, CohortId id, String login) {
        requireChanger(caller);
        Optional<Long> cohort = run(caller, id);
        if (cohort.isEmpty()) {
            return false;
        }
        var account = dsl.select(ACCOUNTS.ID, ACCOUNTS.ROLE).from(ACCOUNTS)
                .where(ACCOUNTS.LOGIN.eq(login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT)))
                .fetchOptional()
                .orElseThrow(() -> new CohortProblem("There is no account with the login '" + login + "'."));
        if (!Role.fromWireName(account.value2()).atLeast(Role.INSTRUCTOR)) {
            throw new CohortProblem("'" + login + "' is a learner account: an admin must make it an instructor"
                    + " first.");
        }
        dsl.transaction(tx -> {
            tx.dsl().deleteFrom(COHORT_MEMBERS).where(COHORT_MEMBERS.COHORT_ID.eq(cohort.get()),
                    COHORT_MEMBERS.ACCOUNT_ID.eq(account.value1())).execute();
            tx.dsl().insertInto(COHORT_MEMBERS)
                    .set(COHORT_MEMBERS.COHORT_ID, cohort.get())
                    .set(COHORT_MEMBERS.ACCOUNT_ID, account.value1())
                    .set(COHORT_MEMBERS.ROLE, MemberRole.INSTRUCTOR.wireName())
                    .set(COHORT_MEMBERS.JOINED_AT, now())
                    .execute();
        });
        return true;
    }

    /** Takes a learner out of the cohort (their work stays theirs); false when either is absent. */
    public boolean removeLearner(Caller caller, CohortId id, AccountId learner) {
        requireChanger(caller);
        return run(caller, id).map(c -> dsl.deleteFrom(COHORT_MEMBERS).where(COHORT_MEMBERS.COHORT_ID.eq(c),
                COHORT_MEMBERS.ACCOUNT_ID.eq(learner.value()),
                COHORT_MEMBERS.ROLE.eq(MemberRole.LEARNER.wireName())).execute() > 0).orElse(false);
    }

    // ---- invites ----

    /**
     * A new invite link to the cohort, valid for {@code days} days; empty when the cohort is absent to the caller.
     *
     * @throws CohortProblem for a validity outside 1 to {@link #MAX_INVITE_DAYS} days
     */
    public Optional<NewInvite> createInvite(Caller caller, CohortId id, int days) {
        AccountId by = requireChanger(caller);
        if (days < 1 || days > MAX_INVITE_DAYS) {
            throw new CohortProblem("An invite is valid for 1 to " + MAX_INVITE_DAYS + " days.");
        }
        return run(caller, id).map(c -> {
            String token = SecretTokens.random();
            OffsetDateTime now = now();
            String hash = SecretTokens.hash(token);
            dsl.insertInto(COHORT_INVITES)
                    .set(COHORT_INVITES.TOKEN_HASH, hash)
                    .set(COHORT_INVITES.COHORT_ID, c)
                    .set(COHORT_INVITES.CREATED_BY, by.value())
                    .set(COHORT_INVITES.CREATED_AT, now)
                    .set(COHORT_INVITES.EXPIRES_AT, now.plus(Duration.ofDays(days)))
                    .execute();
            return new NewInvite(new Invite(hash, now, now.plus(Duration.ofDays(days)), Optional.empty(), 0), token);
        });
    }

    /** The cohort's invites, newest first; empty when the cohort is absent to the caller. */
    public Optional<List<Invite>> invites(Caller caller, CohortId id) {
        requireReader(caller);
        return run(caller, id).map(c -> dsl.selectFrom(COHORT_INVITES).where(COHORT_INVITES.COHORT_ID.eq(c))
                .orderBy(COHORT_INVITES.CREATED_AT.desc(), COHORT_INVITES.TOKEN_HASH)
                .fetch(CohortService::invite));
    }

    private static Invite invite(CohortInvitesRecord r) {
        return new Invite(r.getTokenHash(), r.getCreatedAt(), r.getExpiresAt(), Optional.ofNullable(r.getRevokedAt()),
                r.getUses());
    }

    /** Revokes one of the cohort's invites (nobody joins through it any more); false when it is absent. */
    public boolean revokeInvite(Caller caller, CohortId id, String inviteId) {
        requireChanger(caller);
        if (inviteId == null || !INVITE_ID.matcher(inviteId).matches()) {
            return false;
        }
        return run(caller, id).map(c -> dsl.update(COHORT_INVITES).set(COHORT_INVITES.REVOKED_AT, now())
                .where(COHORT_INVITES.TOKEN_HASH.eq(inviteId), COHORT_INVITES.COHORT_ID.eq(c),
                        COHORT_INVITES.REVOKED_AT.isNull())
                .execute() > 0).orElse(false);
    }

    /** The name of the cohort a usable invite leads to, for the join page; empty for any other secret. */
    public Optional<String> inviteCohortName(String token) {
        if (!SecretTokens.wellFormed(token)) {
            return Optional.empty();
        }
        return dsl.select(COHORTS.NAME).from(COHORT_INVITES).join(COHORTS).on(COHORTS.ID.eq(COHORT_INVITES.COHORT_ID))
                .where(usableInvite(token)).fetchOptional(COHORTS.NAME);
    }

    @Override
    public boolean usable(String token) {
        return SecretTokens.wellFormed(token) && dsl.fetchExists(COHORT_INVITES, usableInvite(token));
    }

    private Condition usableInvite(String token) {
        return COHORT_INVITES.TOKEN_HASH.eq(SecretTokens.hash(token)).and(COHORT_INVITES.REVOKED_AT.isNull())
                .and(COHORT_INVITES.EXPIRES_AT.gt(now()));
    }

    /**
     * Makes the account a learner of the invite's cohort (a member already stays what they are, and the invite's
     * use is not counted again).
     *
     * @throws AccountProblem when the invite is unknown, expired or revoked
     */
    @Override
    public void redeem(String token, Account account) {
        join(token, account.id());
    }

    /**
     * The signed-in caller joins the invite's cohort as a learner.
     *
     * @return the cohort's id and name
     * @throws NotAllowedException when nobody is signed in in a browser
     * @throws AccountProblem when the invite is unknown, expired or revoked
     */
    public JoinedCohort join(Caller caller, String token) {
        Account account = caller.account().filter(a -> caller.via() == Caller.Via.SESSION)
                .orElseThrow(() -> new NotAllowedException("Sign in to join a cohort."));
        return join(token, account.id());
    }

    /** A cohort just joined. */
    public record JoinedCohort(CohortId id, String name) {
    }

    private JoinedCohort join(String token, AccountId account) {
        AccountProblem unusable = new AccountProblem("This invite link has expired or was revoked: ask your instructor"
                + " for a new one.");
        if (!SecretTokens.wellFormed(token)) {
            throw unusable;
        }
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Optional<Long> cohort = t.select(COHORT_INVITES.COHORT_ID).from(COHORT_INVITES).where(usableInvite(token))
                    .forUpdate().fetchOptional(COHORT_INVITES.COHORT_ID);
            if (cohort.isEmpty()) {
                throw unusable;
            }
            boolean member = t.fetchExists(COHORT_MEMBERS, COHORT_MEMBERS.COHORT_ID.eq(cohort.get()),
                    COHORT_MEMBERS.ACCOUNT_ID.eq(account.value()));
            if (!member) {
                t.insertInto(COHORT_MEMBERS)
                        .set(COHORT_MEMBERS.COHORT_ID, cohort.get())
                        .set(COHORT_MEMBERS.ACCOUNT_ID, account.value())
                        .set(COHORT_MEMBERS.ROLE, MemberRole.LEARNER.wireName())
                        .set(COHORT_MEMBERS.JOINED_AT, now())
                        .execute();
                t.update(COHORT_INVITES).set(COHORT_INVITES.USES, COHORT_INVITES.USES.plus(1))
                        .where(COHORT_INVITES.TOKEN_HASH.eq(SecretTokens.hash(token))).execute();
            }
            String name = t.select(COHORTS.NAME).from(COHORTS).where(COHORTS.ID.eq(cohort.get()))
                    .fetchSingle(COHORTS.NAME);
            return new JoinedCohort(new CohortId(cohort.get()), name);
        });
    }

    // ---- deadlines, budgets, extensions ----

    /** Each lab's settings in the cohort, by lab id (labs without any are missing); empty when it is absent. */
    public Optional<Map<String, LabSettings>> labSettings(Caller caller, CohortId id) {
        requireReader(caller);
        return run(caller, id).map(c -> {
            Map<String, LabSettings> settings = new HashMap<>();
            dsl.selectFrom(COHORT_LABS).where(COHORT_LABS.COHORT_ID.eq(c)).fetch().forEach(r -> settings.put(
                    r.getLabId(), new LabSettings(r.getLabId(), Optional.ofNullable(r.getDueAt()),
                            Optional.ofNullable(r.getSubmissionBudget()))));
            return Map.copyOf(settings);
        });
    }

    /**
     * Sets a lab's deadline (empty clears it) and submission budget (blank: the cohort's) in the cohort; false when
     * the cohort is absent to the caller. The caller checks that the lab is one of the course's.
     *
     * @throws CohortProblem for a malformed lab id or budget
     */
    public boolean setLab(Caller caller, CohortId id, String labId, Optional<OffsetDateTime> dueAt, String budget) {
        requireChanger(caller);
        checkLab(labId);
        Optional<String> cleanBudget = cleanBudget(budget);
        Optional<Long> cohort = run(caller, id);
        cohort.ifPresent(c -> dsl.transaction(tx -> {
            tx.dsl().deleteFrom(COHORT_LABS).where(COHORT_LABS.COHORT_ID.eq(c), COHORT_LABS.LAB_ID.eq(labId))
                    .execute();
            if (dueAt.isPresent() || cleanBudget.isPresent()) {
                tx.dsl().insertInto(COHORT_LABS)
                        .set(COHORT_LABS.COHORT_ID, c)
                        .set(COHORT_LABS.LAB_ID, labId)
                        .set(COHORT_LABS.DUE_AT, dueAt.orElse(null))
                        .set(COHORT_LABS.SUBMISSION_BUDGET, cleanBudget.orElse(null))
                        .execute();
            }
        }));
        return cohort.isPresent();
    }

    /** Sets or clears only a lab's deadline, keeping its budget; false when the cohort is absent. */
    public boolean setDeadline(Caller caller, CohortId id, String labId, Optional<OffsetDateTime> dueAt) {
        requireReader(caller);
        Optional<String> budget = labSettings(caller, id)
                .flatMap(s -> Optional.ofNullable(s.get(labId))).flatMap(LabSettings::submissionBudget);
        return setLab(caller, id, labId, dueAt, budget.orElse(""));
    }

    /**
     * Gives one learner of the cohort their own deadline for a lab (replacing an earlier one); false when the cohort
     * is absent to the caller or the account is not one of its learners.
     */
    public boolean grantExtension(Caller caller, CohortId id, AccountId learner, String labId, OffsetDateTime dueAt) {
        AccountId by = requireChanger(caller);
        checkLab(labId);
        Optional<Long> cohort = run(caller, id).filter(c -> isLearner(c, learner));
        cohort.ifPresent(c -> dsl.transaction(tx -> {
            tx.dsl().deleteFrom(COHORT_EXTENSIONS).where(COHORT_EXTENSIONS.COHORT_ID.eq(c),
                    COHORT_EXTENSIONS.ACCOUNT_ID.eq(learner.value()), COHORT_EXTENSIONS.LAB_ID.eq(labId)).execute();
            tx.dsl().insertInto(COHORT_EXTENSIONS)
                    .set(COHORT_EXTENSIONS.COHORT_ID, c)
                    .set(COHORT_EXTENSIONS.ACCOUNT_ID, learner.value())
                    .set(COHORT_EXTENSIONS.LAB_ID, labId)
                    .set(COHORT_EXTENSIONS.DUE_AT, dueAt)
                    .set(COHORT_EXTENSIONS.GRANTED_BY, by.value())
                    .set(COHORT_EXTENSIONS.GRANTED_AT, now())
                    .execute();
        }));
        return cohort.isPresent();
    }

    /** Takes an extension back (the lab's deadline applies again); false when there was none to the caller. */
    public boolean removeExtension(Caller caller, CohortId id, AccountId learner, String labId) {
        requireChanger(caller);
        return run(caller, id).map(c -> dsl.deleteFrom(COHORT_EXTENSIONS).where(COHORT_EXTENSIONS.COHORT_ID.eq(c),
                COHORT_EXTENSIONS.ACCOUNT_ID.eq(learner.value()), COHORT_EXTENSIONS.LAB_ID.eq(labId))
                .execute() > 0).orElse(false);
    }

    /** The cohort's extensions, by lab then learner; empty when it is absent. */
    public Optional<List<Extension>> extensions(Caller caller, CohortId id) {
        requireReader(caller);
        return run(caller, id).map(c -> dsl.selectFrom(COHORT_EXTENSIONS).where(COHORT_EXTENSIONS.COHORT_ID.eq(c))
                .orderBy(COHORT_EXTENSIONS.LAB_ID, COHORT_EXTENSIONS.ACCOUNT_ID)
                .fetch(r -> new Extension(new AccountId(r.getAccountId()), r.getLabId(), r.getDueAt())));
    }

    /** The cohort's deadlines and extensions; empty when it is absent to the caller. */
    public Optional<Deadlines> deadlines(Caller caller, CohortId id) {
        requireReader(caller);
        return run(caller, id).map(this::deadlines);
    }

    /** Deadlines of a cohort whose access was already decided. */
    Deadlines deadlines(long cohort) {
        Map<String, OffsetDateTime> labs = new HashMap<>();
        dsl.select(COHORT_LABS.LAB_ID, COHORT_LABS.DUE_AT).from(COHORT_LABS)
                .where(COHORT_LABS.COHORT_ID.eq(cohort), COHORT_LABS.DUE_AT.isNotNull())
                .forEach(r -> labs.put(r.value1(), r.value2()));
        Map<AccountId, Map<String, OffsetDateTime>> extensions = new HashMap<>();
        dsl.select(COHORT_EXTENSIONS.ACCOUNT_ID, COHORT_EXTENSIONS.LAB_ID, COHORT_EXTENSIONS.DUE_AT)
                .from(COHORT_EXTENSIONS).where(COHORT_EXTENSIONS.COHORT_ID.eq(cohort))
                .forEach(r -> extensions.computeIfAbsent(new AccountId(r.value1()), k -> new HashMap<>())
                        .put(r.value2(), r.value3()));
        return new Deadlines(labs, extensions);
    }

    /** When one learner's work on a lab is due in the cohort; empty when there is no deadline or no such cohort. */
    public Optional<OffsetDateTime> effectiveDue(Caller caller, CohortId id, AccountId learner, String labId) {
        return deadlines(caller, id).flatMap(d -> d.dueFor(learner, labId));
    }

    // ---- authorization ----

    /** The cohort's id when the caller runs it. */
    Optional<Long> run(Caller caller, CohortId id) {
        return dsl.select(COHORTS.ID).from(COHORTS).where(COHORTS.ID.eq(id.value())).and(runBy(caller))
                .fetchOptional(COHORTS.ID);
    }

    /** Cohorts the caller runs: an admin's session, every one; an instructor, those they are an instructor of. */
    Condition runBy(Caller caller) {
        if (caller.atLeast(Role.ADMIN) && caller.via() == Caller.Via.SESSION) {
            return DSL.noCondition();
        }
        if (!caller.atLeast(Role.INSTRUCTOR)) {
            return DSL.falseCondition();
        }
        return COHORTS.ID.in(instructedBy(caller.accountId().orElseThrow()));
    }

    /** The ids of the cohorts {@code account} is an instructor member of. */
    public static org.jooq.Select<org.jooq.Record1<Long>> instructedBy(AccountId account) {
        return DSL.select(COHORT_MEMBERS.COHORT_ID).from(COHORT_MEMBERS)
                .where(COHORT_MEMBERS.ACCOUNT_ID.eq(account.value()))
                .and(COHORT_MEMBERS.ROLE.eq(MemberRole.INSTRUCTOR.wireName()));
    }

    private boolean isLearner(long cohort, AccountId account) {
        return dsl.fetchExists(COHORT_MEMBERS, COHORT_MEMBERS.COHORT_ID.eq(cohort),
                COHORT_MEMBERS.ACCOUNT_ID.eq(account.value()), COHORT_MEMBERS.ROLE.eq(MemberRole.LEARNER.wireName()));
    }

    /** Reading cohorts: an instructor or admin, with the gradebook scope (a session has it; a token may). */
    static void requireReader(Caller caller) {
        if (!caller.atLeast(Role.INSTRUCTOR)) {
            throw new NotAllowedException("Only instructors and admins run cohorts.");
        }
        if (!caller.may(Scope.GRADEBOOK)) {
            throw new NotAllowedException("This token may not read cohorts: it lacks the '"
                    + Scope.GRADEBOOK.wireName() + "' scope.");
        }
    }

    /** Changing cohorts: an instructor or admin in a signed-in browser. */
    private static AccountId requireChanger(Caller caller) {
        requireReader(caller);
        if (caller.via() != Caller.Via.SESSION) {
            throw new NotAllowedException("Cohorts are changed from a signed-in browser, not with a token.");
        }
        return caller.accountId().orElseThrow();
    }

    private static void checkLab(String labId) {
        if (labId == null || !LAB_ID.matcher(labId).matches()) {
            throw new CohortProblem("There is no lab '" + labId + "'.");
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
