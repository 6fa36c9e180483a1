package dev.roadlab.grader.run;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.sandbox.SandboxUse;
import dev.roadlab.grader.submission.Submission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandboxes one run leased, one per kind its lab declares. Closing gives them back (databases dropped, keys and
 * users removed, processes stopped).
 */
final class RunSandboxes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunSandboxes.class);

    /** A leased share and the types it provides. */
    private record Leased(SandboxUse<?> use, RunSandbox run) {
    }

    private final List<Leased> leased = new ArrayList<>();

    private RunSandboxes() {
    }

    /** Leases what the lab needs; on failure gives back what it had and throws. */
    static RunSandboxes lease(Lab lab, Submission submission, SandboxPool pool, BooleanSupplier interrupted) {
        RunSandboxes sandboxes = new RunSandboxes();
        try {
            for (SandboxUse<?> use : lab.definition().sandboxes()) {
                sandboxes.leased.add(new Leased(use, leaseOne(use, lab, submission, pool, interrupted)));
            }
            return sandboxes;
        } catch (SandboxUnavailableException e) {
            sandboxes.close();
            pool.checkHealth();
            throw e;
        }
    }

    private static <S> RunSandbox leaseOne(SandboxUse<S> use, Lab lab, Submission submission, SandboxPool pool,
                                           BooleanSupplier interrupted) {
        return pool.lease(use, new RunRequest<>(lab.id(), use.spec(), lab, submission,
                lab.definition().limits().check(), interrupted));
    }

    boolean provides(Class<?> type) {
        return leased.stream().anyMatch(l -> l.use().type().provides().contains(type));
    }

    Object resolve(Class<?> type) {
        return leased.stream().filter(l -> l.use().type().provides().contains(type)).findFirst()
                .map(l -> l.run().handle(type))
                .orElseThrow(() -> new IllegalArgumentException("no sandbox of this run provides "
                        + type.getSimpleName() + " (is the sandbox listed in lab.yaml?)"));
    }

    /** The first kind that knows whose fault {@code failure} is. */
    Optional<Fault> classify(Throwable failure) {
        for (Leased l : leased) {
            Optional<Fault> fault = l.run().classify(failure);
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    void interrupt() {
        leased.forEach(l -> l.run().interrupt());
    }

    void terminate() {
        leased.forEach(l -> l.run().terminate());
    }

    boolean alive() {
        return leased.stream().allMatch(l -> l.run().alive());
    }

    /**
     * Hands the shares to the pool to give back off the caller's path (after the report), last leased first; the
     * run holds none afterwards.
     */
    void giveBack(SandboxPool pool) {
        List<RunSandbox> shares = leased.reversed().stream().map(Leased::run).toList();
        leased.clear();
        pool.giveBack(shares);
    }

    @Override
    public void close() {
        for (Leased l : leased.reversed()) {
            try {
                l.run().close();
            } catch (RuntimeException e) {
                LOG.warn("giving back the {} sandbox failed: {}", l.use().kind(), e.getMessage());
            }
        }
        leased.clear();
    }
}
