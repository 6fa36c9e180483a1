package dev.roadlab.grader.sandbox;

import java.util.Optional;

/** One run's isolated share of a sandbox kind, from lease to release. */
public interface RunSandbox extends AutoCloseable {

    /**
     * What a check gets for a parameter of {@code type} (one of its kind's {@link SandboxType#provides()}).
     *
     * @throws IllegalArgumentException for a type the kind does not provide
     */
    Object handle(Class<?> type);

    /** Stops the run's current work from outside (cancel its statements, kill its script); the run goes on. */
    void interrupt();

    /** Ends the run's sessions outright: what {@link #interrupt()} could not stop. */
    void terminate();

    /** Whether the sandbox still answers the grader: tells a learner's broken session from a dead server. */
    boolean alive();

    /**
     * How a failure a check ended with is judged, when this kind knows better than the generic rules (an
     * {@link java.sql.SQLException} of PostgreSQL, say); empty when it has no opinion.
     */
    default Optional<Fault> classify(Throwable failure) {
        return Optional.empty();
    }

    /** Gives the share back: the run's objects are removed. */
    @Override
    void close();
}
