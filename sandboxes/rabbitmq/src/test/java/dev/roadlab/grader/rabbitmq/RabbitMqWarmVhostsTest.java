package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import dev.roadlab.grader.testing.TestSandboxes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 on RabbitMQ: vhosts made ahead of runs, so that a lease is a queue poll rather than five management
 * calls on the grading's path; and a dead grader's warm vhosts are swept like its runs' (issue 15). On the machine's
 * broker; asserted on counts and state, never on timings.
 */
class RabbitMqWarmVhostsTest {

    private static final Duration PERIOD = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Limits of their own, so that no other test's runs share the warm queue. */
    private static final RabbitMqSpec SPEC = new RabbitMqSpec(7, 5);

    private final RabbitMqServer server = RabbitMqServer.fromUrls(RabbitMqTestSandboxes.SERVERS_URL, Optional.empty());

    @Test
    void two_warm_vhosts_serve_two_runs_at_once_without_making_one_on_their_path() throws Exception {
        try (RabbitMqSandbox sandbox = RabbitMqSandbox.open(server, 2)) {
            sandbox.release(sandbox.lease(SPEC)); // nothing is warm yet: made on the path, then the pool fills
            assertThat(sandbox.madeOnLease()).isEqualTo(1);
            TestSandboxes.await(() -> sandbox.warmFor(SPEC).size() == 2, WAIT, "two warm vhosts ready");

            CompletableFuture<RunVhost> a = CompletableFuture.supplyAsync(() -> sandbox.lease(SPEC));
            CompletableFuture<RunVhost> b = CompletableFuture.supplyAsync(() -> sandbox.lease(SPEC));
            RunVhost runA = a.get(60, TimeUnit.SECONDS);
            RunVhost runB = b.get(60, TimeUnit.SECONDS);
            try {
                assertThat(sandbox.madeOnLease()).as("both served from the warm pool").isEqualTo(1);
                assertThat(runA.name()).isNotEqualTo(runB.name());
                for (RunVhost run : List.of(runA, runB)) {
                    try (Connection c = run.connect("warm-test")) {
                        assertThat(c.isOpen()).isTrue();
                    }
                    assertThat(sandbox.admin().get("/api/vhost-limits/" + run.vhost()).toString())
                            .as("the lab's limits are on the warm vhost").contains("\"max-queues\":7")
                            .contains("\"max-connections\":5");
                }
            } finally {
                sandbox.release(runA);
                sandbox.release(runB);
            }
            TestSandboxes.await(() -> sandbox.warmFor(SPEC).size() == 2, WAIT, "the pool refilled in the background");
        }
    }

    @Test
    void a_dead_graders_warm_vhosts_are_swept_like_its_runs() throws Exception {
        try (RabbitMqSandbox sweeping = RabbitMqSandbox.open(server, PERIOD)) {
            RabbitMqSandbox dying = RabbitMqSandbox.open(server, 2);
            dying.release(dying.lease(SPEC));
            TestSandboxes.await(() -> dying.warmFor(SPEC).size() == 2, WAIT, "the dying grader's warm vhosts ready");
            List<RunVhost> warm = dying.warmFor(SPEC);
            dying.forgetForTests(); // as kill -9 would: its liveness queue gone, its warm vhosts left
            TestSandboxes.await(() -> warm.stream().noneMatch(run -> present(sweeping, run)), WAIT,
                    "the dead grader's warm vhosts swept");
        }
    }

    @Test
    void closing_a_grader_deletes_its_warm_vhosts() throws Exception {
        List<RunVhost> warm;
        RabbitMqSandbox sandbox = RabbitMqSandbox.open(server, 2);
        try (RabbitMqSandbox looking = RabbitMqSandbox.open(server)) {
            sandbox.release(sandbox.lease(SPEC));
            TestSandboxes.await(() -> sandbox.warmFor(SPEC).size() == 2, WAIT, "two warm vhosts ready");
            warm = sandbox.warmFor(SPEC);
            sandbox.close();
            assertThat(warm).noneMatch(run -> present(looking, run));
        }
    }

    private static boolean present(RabbitMqSandbox sandbox, RunVhost run) {
        return sandbox.admin().find("/api/vhosts/" + run.vhost()).isPresent()
                || sandbox.admin().find("/api/users/" + run.user()).isPresent();
    }
}
