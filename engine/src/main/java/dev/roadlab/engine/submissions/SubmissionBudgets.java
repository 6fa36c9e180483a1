package dev.roadlab.engine.submissions;

import static dev.roadlab.engine.db.jooq.Tables.COHORTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_LABS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.Budget;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.SecretTokens;
import dev.roadlab.engine.accounts.TokenBuckets;
import dev.roadlab.grader.report.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fair-use submission budget: a token bucket per learner per lab (per address per lab for a client that carries
 * no credential, such as curl), sized by {@link BudgetRules}. A submission takes a token when it is accepted; an
 * attempt whose grading ends {@code infrastructure} (our fault) gets it back, once.
 *
 * <p>The buckets live in the database ({@link TokenBuckets}), so every engine process draws from the same one. Each
 * accepted submission stores the bucket it was charged to and the budget then in force, so its refund credits that
 * bucket whatever the settings say by then.
 */
public final class SubmissionBudgets {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionBudgets.class);
    private static final String COHORT_LEARNER = "learner";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * A token taken for one submission.
     *
     * @param key    the bucket charged
     * @param budget the budget in force when it was taken
     */
    public record Charge(String key, Budget budget) {
    }

    private final DSLContext dsl;
    private final TokenBuckets buckets;
    private final BudgetRules rules;
    private final BooleanSupplier hosted;
    private final Clock clock;

    /** @param hosted whether sign-in is required now (the mode's default budget follows it) */
    public SubmissionBudgets(DSLContext dsl, TokenBuckets buckets, BudgetRules rules, BooleanSupplier hosted,
                             Clock clock) {
        this.dsl = dsl;
        this.buckets = buckets;
        this.rules = rules;
        this.hosted = hosted;
        this.clock = clock;
    }

    /** Budgets that never limit: for services built without the hosting settings (tests of other things). */
    static SubmissionBudgets off(DSLContext dsl, Clock clock) {
        return new SubmissionBudgets(dsl, new TokenBuckets(dsl, clock),
                new BudgetRules(Optional.of("off"), java.util.Map.of()), () -> false, clock);
    }

    public BudgetRules rules() {
        return rules;
    }

    /** The budget in force for the caller at the lab, and which rule chose it. */
    public BudgetRules.Applied applied(Caller caller, String labId) {
        return rules.applied(labId, hosted.getAsBoolean(), cohorts(caller.accountId(), labId));
    }

    /**
     * Takes a token for one submission of the caller to the lab.
     *
     * @param labTitle the lab's title, for the refusal's message
     * @return the charge to store with the submission; empty when no budget applies
     * @throws BudgetExhaustedException when the bucket is empty
     */
    public Optional<Charge> take(Caller caller, String labId, String labTitle) {
        Optional<Budget> budget = applied(caller, labId).budget();
        if (budget.isEmpty()) {
            return Optional.empty();
        }
        String key = bucketKey(caller, labId);
        TokenBuckets.Decision decision = buckets.take(key, budget.get());
        if (!decision.allowed()) {
            throw new BudgetExhaustedException(labTitle, budget.get(), decision.retryAfter(),
                    clock.instant().plus(decision.retryAfter()));
        }
        return Optional.of(new Charge(key, budget.get()));
    }

    /** Gives back a token whose submission was not stored after all. */
    public void giveBack(Charge charge) {
        buckets.refund(charge.key(), charge.budget());
    }

    /** Where the caller stands with the lab's budget; empty when none applies. */
    public Optional<BudgetState> state(Caller caller, String labId) {
        return applied(caller, labId).budget().map(budget -> {
            TokenBuckets.Decision now = buckets.peek(bucketKey(caller, labId), budget);
            Instant at = clock.instant();
            return now.allowed()
                    ? new BudgetState(budget, now.remaining(), Duration.ZERO, at)
                    : new BudgetState(budget, 0, now.retryAfter(), at.plus(now.retryAfter()));
        });
    }

    /**
     * Gives the token of a submission whose grading ended {@code infrastructure} back to the bucket it came from.
     * Exactly once per submission however often it is called (a retried job, two workers): the submission row is
     * marked refunded in the same statement that checks it was not yet, so only one caller goes on to credit the
     * bucket. A submission that ended otherwise, or was charged to no bucket, is left alone.
     *
     * @return whether this call gave a token back
     */
    public boolean refund(String submissionId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int marked = dsl.update(SUBMISSIONS)
                .set(SUBMISSIONS.BUDGET_REFUNDED_AT, now)
                .where(SUBMISSIONS.ID.eq(submissionId))
                .and(SUBMISSIONS.VERDICT.eq(Verdict.INFRASTRUCTURE.wireName()))
                .and(SUBMISSIONS.BUDGET_KEY.isNotNull())
                .and(SUBMISSIONS.BUDGET.isNotNull())
                .and(SUBMISSIONS.BUDGET_REFUNDED_AT.isNull())
                .execute();
        if (marked != 1) {
            return false;
        }
        var charged = dsl.select(SUBMISSIONS.BUDGET_KEY, SUBMISSIONS.BUDGET).from(SUBMISSIONS)
                .where(SUBMISSIONS.ID.eq(submissionId)).fetchSingle();
        Optional<Budget> budget;
        try {
            budget = Budget.parse(charged.value2());
        } catch (IllegalArgumentException e) {
            LOG.warn("submission {} was charged under an unreadable budget '{}'; nothing given back", submissionId,
                    charged.value2());
            return false;
        }
        budget.ifPresent(b -> buckets.refund(charged.value1(), b));
        return budget.isPresent();
    }

    /**
     * The bucket a caller's attempts at a lab draw from: their learner's when they are one (signed in, a token, or
     * single-user mode's cookie), else their address's, so a client that sends no cookie cannot escape the budget by
     * not keeping one. An IPv6 address counts by its /64, the block one client is usually given.
     */
    public static String bucketKey(Caller caller, String labId) {
        if (caller.learner().isPresent()) {
            return "budget:learner:" + caller.learner().get().value() + ":" + labId;
        }
        return "budget:address:" + addressKey(caller.address()) + ":" + labId;
    }

    static String addressKey(String address) {
        if (address != null && IP_LITERAL.matcher(address).matches() && address.indexOf(':') >= 0) {
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bytes.length == 16) {
                    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                // not an address after all: keyed by its text below
            }
        }
        String text = address == null ? "" : address;
        return text.length() <= 64 ? text : SecretTokens.hash(text);
    }

    /** The account's cohorts as a learner, with what each sets for the lab. */
    private List<BudgetRules.CohortBudget> cohorts(Optional<AccountId> account, String labId) {
        if (account.isEmpty()) {
            return List.of();
        }
        return dsl.select(COHORTS.ID, COHORTS.SUBMISSION_BUDGET, COHORT_LABS.SUBMISSION_BUDGET)
                .from(COHORT_MEMBERS)
                .join(COHORTS).on(COHORTS.ID.eq(COHORT_MEMBERS.COHORT_ID))
                .leftJoin(COHORT_LABS).on(COHORT_LABS.COHORT_ID.eq(COHORTS.ID), COHORT_LABS.LAB_ID.eq(labId))
                .where(COHORT_MEMBERS.ACCOUNT_ID.eq(account.get().value()))
                .and(COHORT_MEMBERS.ROLE.eq(COHORT_LEARNER))
                .and(COHORTS.SUBMISSION_BUDGET.isNotNull().or(COHORT_LABS.SUBMISSION_BUDGET.isNotNull()))
                .fetch(r -> new BudgetRules.CohortBudget(r.value1(), Optional.ofNullable(r.value2()),
                        Optional.ofNullable(r.value3())));
    }
}
