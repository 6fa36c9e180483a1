package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.CheckTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker's consumer: its own connection, a prefetch window, manual acks. It can also die mid-delivery as a crashed
 * worker does ({@link #die()}): its connection drops while it holds unacked deliveries, which the broker then
 * delivers again, flagged redelivered, to another consumer.
 *
 * <pre>{@code
 * try (ManualAckConsumer worker = broker.consumer("emails", 10)) {
 *     Received job = worker.next(Duration.ofSeconds(5)).orElseThrow(...);
 *     worker.ack(job);
 *     List<Received> lost = worker.die();      // held, unacked: the broker must deliver them again
 * }
 * }</pre>
 */
public final class ManualAckConsumer implements AutoCloseable {

    private final LabBroker broker;
    private final String queue;
    private final Connection connection;
    private final Channel channel;
    private final LinkedBlockingQueue<Received> arrived = new LinkedBlockingQueue<>();
    /** Delivered to this consumer and neither acked nor rejected yet, by delivery tag. */
    private final Map<Long, Received> held = new LinkedHashMap<>();
    private volatile boolean dead;

    ManualAckConsumer(LabBroker broker, String queue, int prefetch) {
        this.broker = broker;
        this.queue = queue;
        this.connection = broker.connect();
        try {
            this.channel = connection.createChannel();
            channel.basicQos(prefetch);
            channel.basicConsume(queue, false, "roadlab-worker", (tag, delivery) -> {
                Received received = Received.of(delivery);
                synchronized (held) {
                    held.put(received.deliveryTag(), received);
                }
                arrived.add(received);
            }, tag -> { });
        } catch (IOException | AlreadyClosedException e) {
            connection.abort(2_000);
            throw refused("Consuming from the queue '" + queue + "'", e);
        }
    }

    /** The next delivery, waiting at most {@code wait}; empty when none came. */
    public Optional<Received> next(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                Received received = arrived.poll(Math.min(100, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
                if (received != null) {
                    return Optional.of(received);
                }
                if (broker.interrupted()) {
                    throw new CheckTimeoutException("Consuming from '" + queue + "' was stopped: the check ran out of"
                            + " time.");
                }
                if (System.nanoTime() >= deadline || !channel.isOpen()) {
                    if (!channel.isOpen() && !dead && channel.getCloseReason() != null
                            && !channel.getCloseReason().isInitiatedByApplication()) {
                        throw refused("Consuming from the queue '" + queue + "'", channel.getCloseReason());
                    }
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckTimeoutException("Consuming from '" + queue + "' was interrupted.");
        }
    }

    /** The job is done: the broker forgets it. */
    public void ack(Received delivery) {
        settle(delivery, () -> channel.basicAck(delivery.deliveryTag(), false));
    }

    /** The job failed: the broker dead-letters it ({@code requeue} false) or puts it back in the queue. */
    public void reject(Received delivery, boolean requeue) {
        settle(delivery, () -> channel.basicReject(delivery.deliveryTag(), requeue));
    }

    private interface Settlement {
        void run() throws IOException;
    }

    private void settle(Received delivery, Settlement settlement) {
        synchronized (held) {
            held.remove(delivery.deliveryTag());
        }
        try {
            settlement.run();
        } catch (IOException | AlreadyClosedException e) {
            throw refused("Settling a delivery from '" + queue + "'", e);
        }
    }

    /** What this consumer holds unacked now. */
    public List<Received> holding() {
        synchronized (held) {
            return new ArrayList<>(held.values());
        }
    }

    /**
     * Dies as a crashed worker does: its connection is dropped without closing it properly, with nothing acked.
     *
     * @return the deliveries it held unacked, which the broker must now deliver again
     */
    public List<Received> die() {
        dead = true;
        List<Received> lost = holding();
        connection.abort(2_000);
        arrived.clear();
        return lost;
    }

    private static CheckFailure refused(String what, Exception e) {
        ShutdownSignalException shutdown = e instanceof ShutdownSignalException s ? s
                : e.getCause() instanceof ShutdownSignalException s ? s : null;
        return new CheckFailure(what + ": RabbitMQ closed the channel: "
                + (shutdown == null ? e.getMessage() : Amqp.replyText(shutdown)));
    }

    @Override
    public void close() {
        dead = true;
        connection.abort(2_000);
    }
}
