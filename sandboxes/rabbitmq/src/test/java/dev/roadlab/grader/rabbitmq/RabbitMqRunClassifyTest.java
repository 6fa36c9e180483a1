package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQImpl;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whose fault an AMQP failure is: the learner's while the broker answers, ours once it does not. */
class RabbitMqRunClassifyTest {

    private static final ShutdownSignalException NOT_FOUND = new ShutdownSignalException(false, false,
            new AMQImpl.Channel.Close(404, "NOT_FOUND - no exchange 'jobs' in vhost 'rl_run_0a1b2c3d_7'", 60, 40),
            null);

    @Test
    void a_refusal_of_a_broker_that_answers_is_the_learners_and_one_of_a_dead_broker_is_ours() {
        SandboxBackend<RabbitMqSpec> backend = new RabbitMqType().open(Provider.SERVERS,
                RabbitMqTestSandboxes.settings(Provider.SERVERS));
        try (backend) {
            RunSandbox run = backend.lease(new RunRequest<>("classify", RabbitMqSpec.defaults(), null,
                    Submission.ofText(Map.of()), Duration.ofSeconds(5), () -> false));
            try (run) {
                Optional<Fault> fault = run.classify(new IOException(NOT_FOUND));
                assertThat(fault).get().extracting(Fault::verdict).isEqualTo(Verdict.FAILED);
                assertThat(fault.get().message()).isEqualTo("RabbitMQ refused what the check asked: NOT_FOUND - "
                        + "no exchange 'jobs'");
                assertThat(run.classify(new IllegalStateException("a bug of ours"))).isEmpty();
                assertThat(run.classify(new ManagementApi.Refused("GET /api/queues", 500, "boom")))
                        .get().extracting(Fault::verdict).isEqualTo(Verdict.INFRASTRUCTURE);
                ((RabbitMqBackend) backend).sandbox().close(); // the grader's view of the broker goes away
                assertThat(run.classify(new IOException(NOT_FOUND))).get().extracting(Fault::verdict)
                        .isEqualTo(Verdict.INFRASTRUCTURE);
            }
        }
    }
}
