package dev.roadlab.engine.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.db.Database;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database token buckets on H2 and PostgreSQL: refill over (test) time, refunds capped at capacity, and two
 * engine processes (two connection pools on one database) racing for the same tokens never spend one twice.
 */
class TokenBucketsTest {

    private static final Budget FIVE_PER_TEN_MINUTES = Budget.parse("5/10m").orElseThrow();

    /** One database of a kind; closing drops it. */
    interface Db extends AutoCloseable {
        RoadlabConfig.Database config();

        @Override
        void close();
    }

    static Stream<String> kinds() {
        return Stream.of("H2", "PostgreSQL");
    }

    static Db open(String kind) throws Exception {
        if (kind.equals("H2")) {
            RoadlabConfig.Database h2 = TestDatabases.h2(Files.createTempDirectory("roadlab-buckets"));
            return new Db() {
                public RoadlabConfig.Database config() {
                    return h2;
                }

                public void close() {
                }
            };
        }
        TestDatabases.Postgres pg = TestDatabases.postgres();
        return new Db() {
            public RoadlabConfig.Database config() {
                return pg.config();
            }

            public void close() {
                pg.close();
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_bucket_starts_full_empties_refills_over_time_and_a_refund_never_overfills_it(String kind) throws Exception {
        try (Db db = open(kind); Database database = Database.open(db.config())) {
            TestClock clock = new TestClock();
            TokenBuckets buckets = new TokenBuckets(database.dsl(), clock);
            assertThat(buckets.peek("k", FIVE_PER_TEN_MINUTES)).isEqualTo(new TokenBuckets.Decision(true,
                    Duration.ZERO, 5));
            for (int i = 4; i >= 0; i--) {
                assertThat(buckets.take("k", FIVE_PER_TEN_MINUTES).remaining()).isEqualTo(i);
            }
            TokenBuckets.Decision refused = buckets.take("k", FIVE_PER_TEN_MINUTES);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(2));

            clock.advance(Duration.ofSeconds(90));
            assertThat(buckets.peek("k", FIVE_PER_TEN_MINUTES).retryAfter()).isEqualTo(Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(30));
            assertThat(buckets.take("k", FIVE_PER_TEN_MINUTES).allowed()).as("one token back after 2 minutes")
                    .isTrue();
            assertThat(buckets.take("k", FIVE_PER_TEN_MINUTES).allowed()).isFalse();

            buckets.refund("k", FIVE_PER_TEN_MINUTES);
            assertThat(buckets.peek("k", FIVE_PER_TEN_MINUTES).remaining()).isEqualTo(1);
            clock.advance(Duration.ofHours(1));
            buckets.refund("k", FIVE_PER_TEN_MINUTES);
            assertThat(buckets.peek("k", FIVE_PER_TEN_MINUTES).remaining()).as("never above capacity").isEqualTo(5);
            assertThat(buckets.peek("other", FIVE_PER_TEN_MINUTES).remaining()).as("keys are separate").isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void many_takes_at_once_from_two_processes_spend_exactly_the_capacity(String kind) throws Exception {
        try (Db db = open(kind); Database one = Database.open(db.config()); Database two = Database.open(db.config())) {
            TestClock clock = new TestClock();
            List<TokenBuckets> processes = List.of(new TokenBuckets(one.dsl(), clock),
                    new TokenBuckets(two.dsl(), clock));
            int takers = 16;
            AtomicInteger allowed = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                TokenBuckets buckets = processes.get(i % 2);
                threads.add(Thread.ofPlatform().start(() -> {
                    await(start);
                    if (buckets.take("race", FIVE_PER_TEN_MINUTES).allowed()) {
                        allowed.incrementAndGet();
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(60));
                assertThat(t.isAlive()).as("a take hung").isFalse();
            }
            assertThat(allowed.get()).isEqualTo(5);
            assertThat(processes.get(1).peek("race", FIVE_PER_TEN_MINUTES).remaining()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void two_processes_racing_for_the_last_token_one_wins_every_time(String kind) throws Exception {
        try (Db db = open(kind); Database one = Database.open(db.config()); Database two = Database.open(db.config())) {
            TestClock clock = new TestClock();
            TokenBuckets a = new TokenBuckets(one.dsl(), clock);
            TokenBuckets b = new TokenBuckets(two.dsl(), clock);
            Budget three = Budget.parse("3/1h").orElseThrow();
            for (int round = 0; round < 15; round++) {
                String key = "last-" + round;
                a.take(key, three);
                b.take(key, three);
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                List<Thread> racers = new ArrayList<>();
                for (TokenBuckets process : List.of(a, b)) {
                    racers.add(Thread.ofPlatform().start(() -> {
                        await(start);
                        if (process.take(key, three).allowed()) {
                            won.incrementAndGet();
                        }
                    }));
                }
                start.countDown();
                for (Thread t : racers) {
                    t.join(Duration.ofSeconds(60));
                }
                assertThat(won.get()).as("round %d", round).isEqualTo(1);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
