package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 on RabbitMQ: a grader whose connection to the broker dies while others keep running has its run's vhost
 * and user swept by a live grader within the sweep period, not at the next start; live graders' runs stay. On the
 * machine's broker (the servers provider's).
 */
class RabbitMqPeriodicSweepTest {

    private static final Duration PERIOD = Duration.ofMillis(300);

    private final RabbitMqServer server = RabbitMqServer.fromUrls(RabbitMqTestSandboxes.SERVERS_URL, Optional.empty());

    @Test
    void a_live_grader_sweeps_a_dead_graders_vhost_and_user_and_leaves_the_live_ones_alone() throws Exception {
        try (RabbitMqSandbox sweeping = RabbitMqSandbox.open(server, PERIOD);
             RabbitMqSandbox other = RabbitMqSandbox.open(server)) {
            RunVhost own = sweeping.lease(RabbitMqContractTest.SPEC);
            RunVhost othersRun = other.lease(RabbitMqContractTest.SPEC);
            RabbitMqSandbox dying = RabbitMqSandbox.open(server);
            RunVhost orphan = dying.lease(RabbitMqContractTest.SPEC);
            assertThat(present(sweeping, orphan)).as("the dying grader's run, while it lives").isTrue();
            dying.forgetForTests(); // as kill -9 would: its connection, and so its liveness queue, gone

            Instant deadline = Instant.now().plus(PERIOD.multipliedBy(10)).plusSeconds(10);
            while (present(sweeping, orphan)) {
                assertThat(Instant.now()).as("the dead grader's vhost and user swept").isBefore(deadline);
                Thread.sleep(100);
            }
            // The sweep that removed the orphan listed the live runs too (they were made before it): both remain.
            assertThat(whole(sweeping, own)).as("the sweeping grader's own run").isTrue();
            assertThat(whole(sweeping, othersRun)).as("another live grader's run").isTrue();
            sweeping.release(own);
            other.release(othersRun);
        }
    }

    /** Whether the run's vhost and its user are both there. */
    private static boolean whole(RabbitMqSandbox sandbox, RunVhost run) {
        return sandbox.admin().find("/api/vhosts/" + run.vhost()).isPresent()
                && sandbox.admin().find("/api/users/" + run.user()).isPresent();
    }

    /** Whether the run's vhost or its user is still there. */
    private static boolean present(RabbitMqSandbox sandbox, RunVhost run) {
        return sandbox.admin().find("/api/vhosts/" + run.vhost()).isPresent()
                || sandbox.admin().find("/api/users/" + run.user()).isPresent();
    }
}
