package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What a check sees of this run's RabbitMQ: connections as the run's user on the run's vhost (which is all that user
 * may reach), and the learner's definitions loaded into that vhost.
 *
 * <pre>{@code
 * @Check(order = 1, points = 2, title = "Jobs reach the emails queue", hint = "...")
 * void jobs_reach_the_queue(LabBroker broker) throws Exception {
 *     broker.loadDefinitions("definitions.json");
 *     try (Connection connection = broker.connect()) {
 *         Channel channel = connection.createChannel();
 *         channel.basicPublish("jobs", "email.send", true, null, "job-1".getBytes(StandardCharsets.UTF_8));
 *     }
 * }
 * }</pre>
 */
public final class LabBroker implements AutoCloseable {

    private final RabbitMqSandbox sandbox;
    private final RunVhost run;
    private final Submission submission;
    private final BooleanSupplier interrupted;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private SubmissionError loadFailure;
    private boolean loaded;

    /** @param interrupted tells whether the grader stopped the current check's work from outside (its watchdog) */
    LabBroker(RabbitMqSandbox sandbox, RunVhost run, Submission submission, BooleanSupplier interrupted) {
        this.sandbox = sandbox;
        this.run = run;
        this.submission = submission;
        this.interrupted = interrupted;
    }

    /** The run's vhost and user (for the grader's own tests). */
    RunVhost run() {
        return run;
    }

    RabbitMqSandbox sandbox() {
        return sandbox;
    }

    /** The run's vhost: the only one its user may reach. */
    public String vhost() {
        return run.vhost();
    }

    /** Whether the grader has stopped the current check's work from outside (its time was up). */
    public boolean interrupted() {
        return interrupted.getAsBoolean();
    }

    /**
     * A new connection as the run's user to the run's vhost; the caller closes it (the run closes what is left).
     *
     * @throws UncheckedIOException when the broker refuses it (the vhost's connection limit, say)
     */
    public Connection connect() {
        try {
            Connection connection = run.connect("roadlab-check " + run.name() + " #" + opened.incrementAndGet());
            synchronized (connections) {
                connections.removeIf(c -> !c.isOpen());
                connections.add(connection);
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("RabbitMQ refused a connection to the run's vhost: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException("RabbitMQ did not answer a connection in time", e));
        }
    }

    /**
     * Loads the submitted definitions document into the run's vhost, through the management API's
     * {@code POST /api/definitions/{vhost}}: only queues, exchanges, bindings and policies. A document naming users,
     * vhosts, permissions or parameters, or one that is not JSON, or one RabbitMQ refuses, ends with a
     * {@link SubmissionError} that names the file (and the line, when it is ours to tell). Each call starts from an
     * empty vhost: a check that loads them sees nothing an earlier check left.
     */
    public synchronized void loadDefinitions(String fileName) {
        if (loadFailure != null) {
            throw new SubmissionError("Not graded: " + fileName + " did not load (see the first failing check).", true);
        }
        String document;
        try {
            document = Definitions.read(fileName, submission.text(fileName));
        } catch (SubmissionError e) {
            loadFailure = e;
            throw e;
        }
        if (loaded) {
            closeConnections();
            sandbox.reset(run);
        }
        loaded = true;
        try {
            sandbox.admin().post("/api/definitions/" + run.vhost(), document);
        } catch (ManagementApi.Refused e) {
            if (e.status() >= 500 && !sandbox.alive()) {
                throw e;
            }
            loadFailure = new SubmissionError(fileName + ": RabbitMQ refused the definitions: " + e.reason().strip());
            throw loadFailure;
        }
    }

    /** What the run's vhost holds now: queues, exchanges, bindings and policies (read as the admin). */
    public Topology topology() {
        return Topology.read(sandbox.admin(), run.vhost());
    }

    /** A producer with publisher confirms on a connection of its own; close it when done. */
    public ConfirmedPublisher publisher() {
        return new ConfirmedPublisher(this);
    }

    /** A worker consuming {@code queue} with manual acks and a prefetch window, on a connection of its own. */
    public ManualAckConsumer consumer(String queue, int prefetch) {
        return new ManualAckConsumer(this, queue, prefetch);
    }

    /**
     * The number of messages ready in a queue (not counting those delivered and unacked), as the broker tells a
     * passive declare; empty when the queue does not exist.
     */
    public OptionalLong messagesReady(String queue) {
        try (Connection connection = connect()) {
            return OptionalLong.of(connection.createChannel().queueDeclarePassive(queue).getMessageCount());
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s
                    && s.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == 404) {
                return OptionalLong.empty();
            }
            throw new UncheckedIOException(e);
        } catch (AlreadyClosedException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Takes the next ready message of a queue ({@code basic.get}, acked at once), for reading what reached a queue no
     * worker consumes (a dead-letter queue); empty when it is empty or does not exist.
     */
    public Optional<Received> take(String queue) {
        try (Connection connection = connect()) {
            GetResponse got = connection.createChannel().basicGet(queue, true);
            return got == null ? Optional.empty() : Optional.of(new Received(
                    got.getProps().getMessageId() == null ? "" : got.getProps().getMessageId(), got.getBody(),
                    got.getProps().getHeaders(), got.getEnvelope().isRedeliver(), got.getEnvelope().getDeliveryTag()));
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Aborts every connection checks opened, and closes any other of the run's user on the broker. */
    void closeConnections() {
        List<Connection> open;
        synchronized (connections) {
            open = List.copyOf(connections);
            connections.clear();
        }
        for (Connection connection : open) {
            connection.abort(2_000);
        }
        sandbox.closeConnections(run);
    }

    @Override
    public void close() {
        List<Connection> open;
        synchronized (connections) {
            open = List.copyOf(connections);
            connections.clear();
        }
        open.forEach(c -> c.abort(2_000));
    }
}
