package dev.roadlab.grader.rabbitmq;

/**
 * What a lab asks of RabbitMQ (its {@code rabbitmq:} section of lab.yaml): the limits of each run's vhost.
 *
 * @param maxQueues       queues a run's vhost may hold at once (its {@code max-queues} vhost limit)
 * @param maxConnections  connections a run's vhost accepts at once (its {@code max-connections} vhost limit)
 */
public record RabbitMqSpec(int maxQueues, int maxConnections) {

    public static final int DEFAULT_MAX_QUEUES = 32;
    public static final int DEFAULT_MAX_CONNECTIONS = 16;

    public static RabbitMqSpec defaults() {
        return new RabbitMqSpec(DEFAULT_MAX_QUEUES, DEFAULT_MAX_CONNECTIONS);
    }
}
