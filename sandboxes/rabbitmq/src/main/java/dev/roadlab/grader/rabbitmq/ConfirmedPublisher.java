package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.AMQP;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes as a careful producer does: persistent, mandatory, with publisher confirms, and tells per message whether
 * the broker acked it, nacked it or returned it as unroutable.
 *
 * <pre>{@code
 * try (ConfirmedPublisher publisher = broker.publisher()) {
 *     List<Confirmation> answers = publisher.publish("jobs", "email.send", jobs);
 *     long nacked = answers.stream().filter(a -> a.status() == Confirmation.Status.NACKED).count();
 * }
 * }</pre>
 */
public final class ConfirmedPublisher implements AutoCloseable {

    /** How long the broker may take to confirm what was published before the check gives up on it. */
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

    private final LabBroker broker;
    private final Connection connection;
    private final Channel channel;
    /** Published and not yet confirmed: sequence number -> job id. */
    private final ConcurrentNavigableMap<Long, String> pending = new ConcurrentSkipListMap<>();
    private final Map<String, Confirmation.Status> answered = new ConcurrentHashMap<>();
    private final Map<String, String> returned = new ConcurrentHashMap<>();

    ConfirmedPublisher(LabBroker broker) {
        this.broker = broker;
        this.connection = broker.connect();
        try {
            this.channel = connection.createChannel();
            channel.confirmSelect();
        } catch (IOException e) {
            connection.abort();
            throw new IllegalStateException("cannot open a publishing channel: " + e.getMessage(), e);
        }
        channel.addConfirmListener((tag, multiple) -> answer(tag, multiple, Confirmation.Status.ACKED),
                (tag, multiple) -> answer(tag, multiple, Confirmation.Status.NACKED));
        channel.addReturnListener(r -> {
            String id = r.getProperties().getMessageId();
            if (id != null) {
                returned.put(id, r.getReplyText());
            }
        });
    }

    private void answer(long tag, boolean multiple, Confirmation.Status status) {
        Map<Long, String> done = multiple ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
        for (Map.Entry<Long, String> e : List.copyOf(done.entrySet())) {
            answered.put(e.getValue(), status);
            pending.remove(e.getKey());
        }
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    /**
     * Publishes the jobs in order and waits for the broker's answer to every one of them.
     *
     * @return one confirmation per job, in order
     * @throws CheckFailure when the broker closes the channel (no such exchange, say), in its words
     */
    public List<Confirmation> publish(String exchange, String routingKey, List<Job> jobs) {
        for (Job job : jobs) {
            send(exchange, routingKey, job);
        }
        return await(exchange, routingKey, jobs);
    }

    /** Publishes one job and waits for the broker's answer. */
    public Confirmation publish(String exchange, String routingKey, Job job) {
        return publish(exchange, routingKey, List.of(job)).getFirst();
    }

    private void send(String exchange, String routingKey, Job job) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(job.id()).deliveryMode(2)
                .contentType("application/octet-stream").headers(job.headers().isEmpty() ? null : job.headers())
                .build();
        try {
            pending.put(channel.getNextPublishSeqNo(), job.id());
            channel.basicPublish(exchange, routingKey, true, properties, job.body());
        } catch (IOException | AlreadyClosedException e) {
            throw refused(exchange, routingKey, e);
        }
    }

    private List<Confirmation> await(String exchange, String routingKey, List<Job> jobs) {
        long deadline = System.nanoTime() + CONFIRM_WAIT.toNanos();
        synchronized (pending) {
            while (!pending.isEmpty()) {
                if (!channel.isOpen()) {
                    throw refused(exchange, routingKey, channel.getCloseReason());
                }
                if (broker.interrupted()) {
                    throw new CheckTimeoutException("Publishing was stopped: the check ran out of time.");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("RabbitMQ confirmed " + (jobs.size() - pending.size()) + " of "
                            + jobs.size() + " messages within " + CONFIRM_WAIT.toSeconds() + " s");
                }
                try {
                    pending.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CheckTimeoutException("Publishing was interrupted.");
                }
            }
        }
        Map<String, Confirmation> byId = new LinkedHashMap<>();
        for (Job job : jobs) {
            String returnedText = returned.remove(job.id());
            Confirmation.Status status = answered.remove(job.id());
            byId.put(job.id(), returnedText != null && status == Confirmation.Status.ACKED
                    ? new Confirmation(job.id(), Confirmation.Status.RETURNED, returnedText)
                    : new Confirmation(job.id(), status, ""));
        }
        return new ArrayList<>(byId.values());
    }

    private static CheckFailure refused(String exchange, String routingKey, Exception e) {
        ShutdownSignalException shutdown = e instanceof ShutdownSignalException s ? s
                : e.getCause() instanceof ShutdownSignalException s ? s : null;
        String said = shutdown == null ? String.valueOf(e.getMessage()) : Amqp.replyText(shutdown);
        return new CheckFailure("Publishing to the exchange '" + exchange + "' with routing key '" + routingKey
                + "': RabbitMQ closed the channel: " + said);
    }

    @Override
    public void close() {
        connection.abort(2_000);
    }
}
