package dev.roadlab.grader.sandbox;

/**
 * A kind on one provider, kept warm across runs: its servers or containers, templates, warm resources. The pool
 * opens one per kind and replaces it when it stops answering.
 *
 * @param <S> the kind's spec
 */
public interface SandboxBackend<S> extends AutoCloseable {

    /** Where it lives, for logs and messages ("PostgreSQL container postgres:17-alpine"). */
    String description();

    /**
     * An isolated share of the kind for one run; closing the returned run gives it back and removes what the run
     * made. Starts the kind's server on first use.
     *
     * @throws SandboxUnavailableException when no share can be had (our fault: the run is retried)
     */
    RunSandbox lease(RunRequest<S> request);

    /** Whether the backend still serves; a dead one is closed and opened again by the pool. */
    boolean alive();

    /**
     * Closes the backend and also drops what it keeps for later runs even on servers it does not own (templates), so
     * that the next run starts cold: for benchmarks of cold starts.
     */
    default void discard() {
        close();
    }

    /** Closes what the backend started and removes what it made. */
    @Override
    void close();
}
