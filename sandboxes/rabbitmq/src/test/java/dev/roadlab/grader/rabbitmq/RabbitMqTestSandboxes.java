package dev.roadlab.grader.rabbitmq;

import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.Optional;

/** The two providers RabbitMQ's tests run on: a container of the management image, and the machine's broker. */
final class RabbitMqTestSandboxes {

    /** The broker the servers provider administers in tests (the machine's local RabbitMQ by default). */
    static final String SERVERS_URL = Optional.ofNullable(System.getenv("ROADLAB_TEST_RABBITMQ_URL"))
            .filter(v -> !v.isBlank()).orElse("amqp://guest:guest@127.0.0.1:5672");

    private RabbitMqTestSandboxes() {
    }

    static SandboxSettings settings(Provider provider) {
        return switch (provider) {
            case CONTAINERS -> TestSandboxes.containers();
            case SERVERS -> TestSandboxes.servers().with("rabbitmq.url", SERVERS_URL);
        };
    }
}
