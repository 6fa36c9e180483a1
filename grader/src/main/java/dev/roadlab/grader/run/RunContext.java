package dev.roadlab.grader.run;

import dev.roadlab.grader.check.CheckEnvironment;
import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.submission.Submission;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.platform.engine.support.store.Namespace;

/**
 * Everything one run has: the lab, the submission, its leased sandboxes and the watchdog that stops work running
 * over its limit. The runner puts it in the launcher session's store; {@link dev.roadlab.grader.check.LabExtension}
 * hands its parts to checks. Internal to the grader.
 */
public final class RunContext implements CheckEnvironment {

    static final Namespace STORE_NAMESPACE = Namespace.create(STORE_KEY);
    private static final Duration TERMINATE_AFTER_CANCEL = Duration.ofSeconds(2);

    private final Lab lab;
    private final Submission submission;
    private final Watchdog watchdog;
    private RunSandboxes sandboxes;
    private volatile Watchdog.Guard current;
    private volatile boolean runExpired;
    /** Time spent in the lab's own code (checks and their lifecycle methods), for the report's overhead split. */
    private final java.util.concurrent.atomic.AtomicLong labWorkNanos = new java.util.concurrent.atomic.AtomicLong();

    RunContext(Lab lab, Submission submission, Watchdog watchdog) {
        this.lab = lab;
        this.submission = submission;
        this.watchdog = watchdog;
    }

    /** Leases the run's sandboxes; their handles report interruptions by this run's watchdog. */
    void lease(SandboxPool pool) {
        sandboxes = RunSandboxes.lease(lab, submission, pool, this::currentWorkInterrupted);
    }

    public Lab lab() {
        return lab;
    }

    @Override
    public boolean provides(Class<?> type) {
        return type == Submission.class || type == Lab.class || sandboxes.provides(type);
    }

    @Override
    public Object resolve(Class<?> type) {
        if (type == Submission.class) {
            return submission;
        }
        if (type == Lab.class) {
            return lab;
        }
        return sandboxes.resolve(type);
    }

    /** Whose fault a failure is, when one of the run's sandbox kinds knows. */
    Optional<Fault> classify(Throwable failure) {
        return sandboxes.classify(failure);
    }

    /**
     * Runs one check (or lifecycle method) under the per-check limit. When the limit passes, the run's statements
     * are cancelled, then its connections ended; the check then ends with a {@link CheckTimeoutException}.
     */
    @Override
    public <T> T guarded(String what, ThrowingSupplier<T> work) throws Throwable {
        Duration limit = lab.definition().limits().check();
        if (runExpired) {
            throw runTimeout();
        }
        ScheduledFuture<?>[] terminate = new ScheduledFuture<?>[1];
        long started = System.nanoTime();
        try (Watchdog.Guard guard = watchdog.arm(limit, () -> {
            interruptSandboxes();
            terminate[0] = watchdog.later(TERMINATE_AFTER_CANCEL, this::terminateSandboxes);
        })) {
            current = guard;
            try {
                T result = work.get();
                if (guard.fired()) {
                    throw timeout(what, limit);
                }
                return result;
            } catch (CheckTimeoutException t) {
                throw t; // already says what ran over (e.g. which statement of which file)
            } catch (Throwable t) {
                if (runExpired) {
                    throw runTimeout();
                }
                if (guard.fired()) {
                    throw timeout(what, limit);
                }
                throw t;
            } finally {
                labWorkNanos.addAndGet(System.nanoTime() - started);
                current = null;
                if (terminate[0] != null) {
                    terminate[0].cancel(false);
                }
            }
        }
    }

    /** How long the lab's own code (its checks and lifecycle methods) has run so far in this run. */
    long labWorkNanos() {
        return labWorkNanos.get();
    }

    private static CheckTimeoutException timeout(String what, Duration limit) {
        return new CheckTimeoutException(what + " ran longer than its " + seconds(limit)
                + " limit and was stopped.");
    }

    private CheckTimeoutException runTimeout() {
        return new CheckTimeoutException("The run reached its " + seconds(lab.definition().limits().run())
                + " limit and was stopped.");
    }

    private boolean currentWorkInterrupted() {
        Watchdog.Guard guard = current;
        return runExpired || (guard != null && guard.fired());
    }

    /** The whole run went over its limit: stop what runs now and refuse to start anything else. */
    void expireRun() {
        runExpired = true;
        interruptSandboxes();
    }

    /** Cancels whatever the run's sandboxes are doing: its SQL statements, the running script. */
    void interruptSandboxes() {
        sandboxes.interrupt();
    }

    /** Ends the run's sandbox sessions outright. */
    void terminateSandboxes() {
        sandboxes.terminate();
    }

    /** Whether the run's sandboxes still answer the grader: tells a learner's broken session from a dead server. */
    public boolean sandboxesAlive() {
        return sandboxes.alive();
    }

    void close() {
        if (sandboxes != null) {
            sandboxes.close();
        }
    }

    /** Hands the run's sandboxes to the pool to give back in the background (see {@link SandboxPool#giveBack}). */
    void giveBack(SandboxPool pool) {
        if (sandboxes != null) {
            sandboxes.giveBack(pool);
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
