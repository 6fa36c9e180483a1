package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.ShutdownSignalException;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.RunSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** One run's vhost and user on a {@link RabbitMqSandbox}, and what checks see of it. */
final class RabbitMqRun implements RunSandbox {

    private final RabbitMqSandbox sandbox;
    private final RunVhost run;
    private final LabBroker broker;

    RabbitMqRun(RabbitMqSandbox sandbox, RunVhost run, LabBroker broker) {
        this.sandbox = sandbox;
        this.run = run;
        this.broker = broker;
    }

    @Override
    public Object handle(Class<?> type) {
        if (type == LabBroker.class) {
            return broker;
        }
        throw new IllegalArgumentException("RabbitMQ sandboxes provide LabBroker, not " + type.getSimpleName());
    }

    /** Closes the run user's connections: whatever a check waits for on them ends. */
    @Override
    public void interrupt() {
        broker.closeConnections();
    }

    @Override
    public void terminate() {
        broker.closeConnections();
    }

    @Override
    public boolean alive() {
        return sandbox.alive();
    }

    /**
     * An AMQP failure is ours when the broker stopped answering the grader; otherwise RabbitMQ refused what the check
     * asked of the learner's topology (a channel closed for an exchange that does not exist, say).
     */
    @Override
    public Optional<Fault> classify(Throwable failure) {
        Optional<Throwable> amqp = amqpCause(failure);
        if (amqp.isEmpty()) {
            return Optional.empty();
        }
        if (!alive()) {
            return Optional.of(new Fault.Ours("The RabbitMQ sandbox stopped answering: " + failure.getMessage()));
        }
        Throwable cause = amqp.get();
        String said = cause instanceof ShutdownSignalException s && s.getReason() != null
                ? s.getReason().protocolMethodName() + ": " + replyText(s) : String.valueOf(cause.getMessage());
        return Optional.of(new Fault.Learners(Verdict.FAILED, "RabbitMQ refused what the check asked: " + said, true));
    }

    private static String replyText(ShutdownSignalException s) {
        String message = String.valueOf(s.getMessage());
        int at = message.indexOf("reply-text=");
        return at < 0 ? message : message.substring(at + "reply-text=".length()).replaceFirst(",.*$", "");
    }

    private static Optional<Throwable> amqpCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShutdownSignalException || t instanceof TimeoutException
                    || (t instanceof IOException && t.getClass().getName().startsWith("com.rabbitmq"))
                    || t instanceof UncheckedIOException) {
                return Optional.of(t.getCause() instanceof ShutdownSignalException s ? s : t);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        broker.close();
        sandbox.release(run);
    }
}
