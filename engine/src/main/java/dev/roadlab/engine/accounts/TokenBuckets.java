package dev.roadlab.engine.accounts;

import static dev.roadlab.engine.db.jooq.Tables.RATE_BUCKETS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Token buckets kept in the database, so that every engine process draws from the same one: a key's bucket starts
 * full, refills continuously at {@link Budget#refillPerSecond()} and never holds more than its capacity. Each take
 * is one transaction holding the bucket's row lock, so two processes never both spend the last token.
 */
public final class TokenBuckets {

    /**
     * @param allowed     whether a token was taken
     * @param retryAfter  when refused: how long until one is there; zero when allowed
     * @param remaining   whole tokens left after this decision
     */
    public record Decision(boolean allowed, Duration retryAfter, int remaining) {
    }

    private final DSLContext dsl;
    private final Clock clock;

    public TokenBuckets(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Takes one token from {@code key}'s bucket if it has one. */
    public Decision take(String key, Budget budget) {
        return change(key, budget, -1, true);
    }

    /** Gives one token back (an attempt that did not count), never above the capacity. */
    public void refund(String key, Budget budget) {
        change(key, budget, +1, false);
    }

    /** What a take would decide now, without taking. */
    public Decision peek(String key, Budget budget) {
        double tokens = dsl.select(RATE_BUCKETS.TOKENS, RATE_BUCKETS.UPDATED_AT).from(RATE_BUCKETS)
                .where(RATE_BUCKETS.BUCKET_KEY.eq(key)).fetchOptional()
                .map(r -> refilled(r.value1(), r.value2(), budget, OffsetDateTime.now(clock)))
                .orElse((double) budget.capacity());
        return decision(tokens >= 1, tokens, budget);
    }

    /** Forgets a bucket (it is full again). */
    public void reset(String key) {
        dsl.deleteFrom(RATE_BUCKETS).where(RATE_BUCKETS.BUCKET_KEY.eq(key)).execute();
    }

    private Decision change(String key, Budget budget, int delta, boolean mustHaveToken) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            OffsetDateTime now = OffsetDateTime.now(clock);
            t.insertInto(RATE_BUCKETS)
                    .set(RATE_BUCKETS.BUCKET_KEY, key)
                    .set(RATE_BUCKETS.TOKENS, (double) budget.capacity())
                    .set(RATE_BUCKETS.UPDATED_AT, now)
                    .onConflictDoNothing()
                    .execute();
            var row = t.select(RATE_BUCKETS.TOKENS, RATE_BUCKETS.UPDATED_AT).from(RATE_BUCKETS)
                    .where(RATE_BUCKETS.BUCKET_KEY.eq(key)).forUpdate().fetchSingle();
            double tokens = refilled(row.value1(), row.value2(), budget, now);
            boolean allowed = !mustHaveToken || tokens >= 1;
            if (allowed) {
                tokens = Math.min(budget.capacity(), tokens + delta);
            }
            t.update(RATE_BUCKETS)
                    .set(RATE_BUCKETS.TOKENS, tokens)
                    .set(RATE_BUCKETS.UPDATED_AT, now)
                    .where(RATE_BUCKETS.BUCKET_KEY.eq(key))
                    .execute();
            return decision(allowed, tokens, budget);
        });
    }

    private static double refilled(double tokens, OffsetDateTime since, Budget budget, OffsetDateTime now) {
        double seconds = Math.max(0, Duration.between(since, now).toNanos() / 1e9);
        return Math.min(budget.capacity(), tokens + seconds * budget.refillPerSecond());
    }

    private static Decision decision(boolean allowed, double tokens, Budget budget) {
        Duration wait = Duration.ZERO;
        if (!allowed) {
            double missing = 1 - tokens;
            wait = Duration.ofMillis((long) Math.ceil(missing / budget.refillPerSecond() * 1000));
        }
        return new Decision(allowed, wait, (int) Math.floor(tokens));
    }
}
