package dev.roadlab.engine.db.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.TransactionListener;

/**
 * Reads that every page repeats (who a cookie belongs to, a learner's progress), remembered for a moment and forgotten
 * as soon as anything is written. A page of the course then costs no query while nobody writes.
 *
 * <p>Only where every write goes through this process: an embedded H2 database, which no other process can open
 * while Roadlab has it. On PostgreSQL (several engines and workers write the same rows), over H2's TCP server and on a
 * host's own DataSource, {@link #NONE} is used and every read goes to the database.
 *
 * <p>A write is every statement jOOQ runs that is not a query, and the end of every transaction (commit or rollback).
 * The count moves after the write is visible, and a read keeps its answer only if the count did not move while it
 * ran, so an answer read before or during a write is never served after it. Whatever changed without a write (a
 * session's idle limit passing) is read again within {@link #MAX_AGE_NANOS}.
 */
public final class RecentReads {

    /** Reads are never kept: for databases other processes write too. */
    public static final RecentReads NONE = new RecentReads(false, System::nanoTime);

    /** How long an answer may be served without a write: a second, so what expires by the clock expires on time. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private static final String KEY = RecentReads.class.getName();

    private final boolean keeps;
    private final LongSupplier nanoTime;
    private final AtomicLong writes = new AtomicLong();

    RecentReads(boolean keeps, LongSupplier nanoTime) {
        this.keeps = keeps;
        this.nanoTime = nanoTime;
    }

    /** Kept, for a database whose every write goes through this process (see {@link #watching}). */
    public static RecentReads kept() {
        return new RecentReads(true, System::nanoTime);
    }

    /** Those of the database this jOOQ context writes to ({@link #NONE} for one that was not given any). */
    public static RecentReads of(DSLContext dsl) {
        return dsl.configuration().data(KEY) instanceof RecentReads reads ? reads : NONE;
    }

    /** Counts every write made through the configuration, and makes these the ones {@link #of} finds there. */
    public Configuration watching(Configuration configuration) {
        configuration.data(KEY, this);
        if (!keeps) {
            return configuration;
        }
        return configuration
                .deriveAppending(ExecuteListener.onExecuteEnd(ctx -> {
                    if (ctx.type() != ExecuteType.READ) {
                        written();
                    }
                }).onException(ctx -> written()))
                .deriveAppending(TransactionListener.onCommitEnd(ctx -> written()).onRollbackEnd(ctx -> written()));
    }

    /** Whether answers are kept at all (an embedded database). */
    public boolean keeps() {
        return keeps;
    }

    void written() {
        writes.incrementAndGet();
    }

    /** A map of remembered answers, at most {@code maxEntries} (all forgotten when it fills). */
    public <K, V> Answers<K, V> answers(int maxEntries) {
        return new Answers<>(maxEntries);
    }

    /** Remembered answers to one kind of read, by key. */
    public final class Answers<K, V> {

        private record Answer<V>(V value, long writes, long readAt) {
        }

        private final int maxEntries;
        private final ConcurrentHashMap<K, Answer<V>> answers = new ConcurrentHashMap<>();

        private Answers(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        /** The answer for the key: remembered if nothing was written since it was read, else read now. */
        public V get(K key, Function<? super K, ? extends V> read) {
            return get(key, read, v -> true);
        }

        /**
         * The answer for the key: remembered if nothing was written since it was read and it is still {@code fresh}
         * (what the clock decides: an expiry, an idle limit), else read now.
         */
        public V get(K key, Function<? super K, ? extends V> read, Predicate<? super V> fresh) {
            if (!keeps) {
                return read.apply(key);
            }
            long before = writes.get();
            long now = nanoTime.getAsLong();
            Answer<V> known = answers.get(key);
            if (known != null && known.writes() == before && now - known.readAt() < MAX_AGE_NANOS
                    && fresh.test(known.value())) {
                return known.value();
            }
            V value = read.apply(key);
            if (writes.get() == before) { // nothing written while it was read: the answer is still the database's
                if (answers.size() >= maxEntries) {
                    answers.clear();
                }
                answers.put(key, new Answer<>(value, before, now));
            }
            return value;
        }
    }
}
