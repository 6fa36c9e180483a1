package dev.roadlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A run's shares are given back off the grading's path, after its report, by a bounded set of threads; a give-back
 * is never dropped: when the threads and their queue are full, or the pool is closing, the caller gives back itself,
 * and closing the pool waits for those under way. Asserts on state and counts, never on timings.
 */
class GiveBackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A share whose close waits for the test, and says on which thread it ran. */
    private static final class Share implements RunSandbox {
        final CountDownLatch mayClose;
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Thread> closedOn = new AtomicReference<>();

        Share(CountDownLatch mayClose) {
            this.mayClose = mayClose;
        }

        @Override
        public Object handle(Class<?> type) {
            throw new IllegalArgumentException();
        }

        @Override
        public void interrupt() {
        }

        @Override
        public void terminate() {
        }

        @Override
        public boolean alive() {
            return true;
        }

        @Override
        public void close() {
            try {
                mayClose.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closedOn.set(Thread.currentThread());
            closed.countDown();
        }
    }

    @Test
    void the_caller_does_not_wait_for_a_give_back_and_it_still_happens() throws Exception {
        try (SandboxPool pool = SandboxPool.create(SandboxSettings.defaults())) {
            CountDownLatch mayClose = new CountDownLatch(1);
            Share share = new Share(mayClose);
            pool.giveBack(List.of(share)); // returns although the close cannot finish yet
            assertThat(share.closed.getCount()).isEqualTo(1);
            assertThat(pool.pendingGiveBacks()).isEqualTo(1);

            mayClose.countDown();
            assertThat(share.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(pool.awaitGiveBacks(WAIT)).isTrue();
            assertThat(pool.pendingGiveBacks()).isZero();
            assertThat(share.closedOn.get()).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void past_its_bound_the_caller_gives_back_itself_and_nothing_is_dropped() throws Exception {
        CountDownLatch mayClose = new CountDownLatch(1);
        List<Share> blocked = new ArrayList<>();
        try (SandboxPool pool = SandboxPool.create(SandboxSettings.defaults())) {
            for (int i = 0; i < SandboxPool.GIVE_BACK_THREADS + SandboxPool.GIVE_BACK_QUEUE; i++) {
                Share share = new Share(mayClose);
                blocked.add(share);
                pool.giveBack(List.of(share));
            }
            Share overflow = new Share(new CountDownLatch(0));
            pool.giveBack(List.of(overflow));
            assertThat(overflow.closedOn.get()).as("threads and queue full: given back by the caller")
                    .isSameAs(Thread.currentThread());
            mayClose.countDown();
            assertThat(pool.awaitGiveBacks(WAIT)).isTrue();
        }
        assertThat(blocked).allMatch(s -> s.closed.getCount() == 0);
    }

    @Test
    void closing_the_pool_waits_for_the_give_backs_under_way_and_later_ones_run_on_the_caller() throws Exception {
        CountDownLatch mayClose = new CountDownLatch(1);
        Share pending = new Share(mayClose);
        SandboxPool pool = SandboxPool.create(SandboxSettings.defaults());
        pool.giveBack(List.of(pending));
        Thread closer = Thread.ofPlatform().start(pool::close);
        mayClose.countDown();
        closer.join(WAIT.toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(pending.closed.getCount()).as("given back before the pool closed").isZero();

        Share late = new Share(new CountDownLatch(0));
        pool.giveBack(List.of(late));
        assertThat(late.closedOn.get()).isSameAs(Thread.currentThread());
    }
}
