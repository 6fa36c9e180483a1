package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.ShutdownSignalException;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.RunSandbox;
import java.util.Optional;

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
     * asked of the learner's topology (a channel closed for an exchange that does not exist, say). A management API
     * call that fails is the grader's own work, so ours either way.
     */
    @Override
    public Optional<Fault> classify(Throwable failure) {
        Optional<Throwable> management = cause(failure, t -> t instanceof ManagementApi.Refused
                || t instanceof ManagementApi.Unreachable);
        if (management.isPresent()) {
            return Optional.of(new Fault.Ours("The RabbitMQ sandbox's management API failed the grader: "
                    + management.get().getMessage()));
        }
        Optional<Throwable> amqp = cause(failure, t -> t instanceof ShutdownSignalException
                || t.getClass().getName().startsWith("com.rabbitmq.client"));
        if (amqp.isEmpty()) {
            return Optional.empty();
        }
        if (!alive()) {
            return Optional.of(new Fault.Ours("The RabbitMQ sandbox stopped answering: " + failure.getMessage()));
        }
        String said = amqp.get() instanceof ShutdownSignalException s ? Amqp.replyText(s)
                : String.valueOf(amqp.get().getMessage());
        return Optional.of(new Fault.Learners(Verdict.FAILED, "RabbitMQ refused what the check asked: " + said, true));
    }

    private static Optional<Throwable> cause(Throwable failure, java.util.function.Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return Optional.of(t);
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
