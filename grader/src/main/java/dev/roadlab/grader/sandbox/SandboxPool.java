package dev.roadlab.grader.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each installed kind's backend warm and reuses it across runs; a backend that stops answering is closed and
 * opened again (a fresh container, a reconnection). Each kind comes from the provider the settings pick for it.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    /** Threads that give runs' shares back after their reports (two gradings at once is the usual load). */
    static final int GIVE_BACK_THREADS = 2;
    /** Give-backs that may wait for a thread; past it the grading gives its share back itself (never dropped). */
    static final int GIVE_BACK_QUEUE = 32;
    /** How long closing the pool waits for the give-backs under way before it closes the backends anyway. */
    private static final Duration GIVE_BACK_DRAIN = Duration.ofSeconds(60);

    private final SandboxSettings settings;
    private final Map<String, Slot<?>> slots = new LinkedHashMap<>();
    private volatile boolean closed;
    /**
     * Gives runs' shares back (drops a run database, deletes a vhost) off the grading's path, after its report:
     * bounded by {@link #GIVE_BACK_THREADS} and {@link #GIVE_BACK_QUEUE}; when full (or shut down), the caller
     * runs the give-back itself. A grader that dies with give-backs pending leaves objects of a dead instance, which the next sweep of
     * each kind removes (issue 15).
     */
    private final ThreadPoolExecutor giveBacks = new ThreadPoolExecutor(GIVE_BACK_THREADS, GIVE_BACK_THREADS,
            30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(GIVE_BACK_QUEUE),
            Thread.ofPlatform().daemon().name("roadlab-give-back-", 0).factory(),
            (work, executor) -> work.run()); // full or shut down: the caller gives back, nothing is dropped
    /** Give-backs handed over and not finished yet. */
    private final AtomicInteger pendingGiveBacks = new AtomicInteger();

    /** One kind's backend, opened on first use. */
    private static final class Slot<S> {
        final SandboxType<S> type;
        final Provider provider;
        SandboxBackend<S> backend;
        final AtomicInteger leases = new AtomicInteger();

        Slot(SandboxType<S> type, Provider provider) {
            this.type = type;
            this.provider = provider;
        }
    }

    private SandboxPool(SandboxTypes types, SandboxSettings settings) {
        this.settings = settings;
        giveBacks.allowCoreThreadTimeOut(true);
        for (SandboxType<?> type : types.all()) {
            slots.put(type.name(), slot(type, settings.provider().providerFor(type, settings)));
        }
    }

    private static <S> Slot<S> slot(SandboxType<S> type, Provider provider) {
        return new Slot<>(type, provider);
    }

    /** The pool the settings ask for, over the installed kinds; nothing starts until a lab needs it. */
    public static SandboxPool create(SandboxSettings settings) {
        return create(SandboxTypes.installed(), settings);
    }

    public static SandboxPool create(SandboxTypes types, SandboxSettings settings) {
        return new SandboxPool(types, settings);
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** Which provider serves a kind. */
    public Provider provider(String kind) {
        return slot(kind).provider;
    }

    /** Leases one run's share of a kind. */
    @SuppressWarnings("unchecked")
    public <S> RunSandbox lease(SandboxUse<S> use, RunRequest<S> request) {
        Slot<S> slot = (Slot<S>) slot(use.kind());
        RunSandbox leased = backend(slot).lease(request);
        slot.leases.incrementAndGet();
        return new CountedLease(leased, slot.leases);
    }

    /**
     * What one kind's slot holds now, read without opening anything: for health checks and metrics.
     *
     * @param kind     the sandbox kind
     * @param provider where its sandboxes come from
     * @param open     whether its backend (a container, a connection to a server) is open
     * @param leases   runs holding a share of it now
     */
    public record KindStatus(String kind, Provider provider, boolean open, int leases) {
    }

    /** Every installed kind's status, in installation order; opens and asks nothing. */
    public List<KindStatus> status() {
        return slots.values().stream().map(slot -> {
            boolean open;
            synchronized (slot) {
                open = slot.backend != null;
            }
            return new KindStatus(slot.type.name(), slot.provider, open, slot.leases.get());
        }).toList();
    }

    /**
     * Why sandboxes cannot be leased now, if they cannot: the pool is closed, or a kind's open backend no longer
     * answers. Kinds not opened yet are not opened (they start on the first grading that needs them).
     */
    public Optional<String> unusable() {
        if (closed) {
            return Optional.of("the grader is shutting down");
        }
        for (Slot<?> slot : slots.values()) {
            SandboxBackend<?> backend;
            synchronized (slot) {
                backend = slot.backend;
            }
            if (backend != null && !backend.alive()) {
                return Optional.of(backend.description() + " does not answer");
            }
        }
        return Optional.empty();
    }

    /** A lease that counts itself out of its kind's leases when the run gives it back. */
    private static final class CountedLease implements RunSandbox {
        private final RunSandbox leased;
        private final AtomicInteger leases;
        private boolean released;

        CountedLease(RunSandbox leased, AtomicInteger leases) {
            this.leased = leased;
            this.leases = leases;
        }

        @Override
        public Object handle(Class<?> type) {
            return leased.handle(type);
        }

        @Override
        public void interrupt() {
            leased.interrupt();
        }

        @Override
        public void terminate() {
            leased.terminate();
        }

        @Override
        public boolean alive() {
            return leased.alive();
        }

        @Override
        public Optional<Fault> classify(Throwable failure) {
            return leased.classify(failure);
        }

        /** The run is over: it no longer counts as holding a lease, though its share may still be on its way back. */
        synchronized void countOut() {
            if (!released) {
                released = true;
                leases.decrementAndGet();
            }
        }

        @Override
        public void close() {
            try {
                leased.close();
            } finally {
                countOut();
            }
        }
    }

    /**
     * Gives a run's shares back off the caller's path, in the order given: the run is over at once (it no longer
     * counts among the leases), and each share is closed on a give-back thread. Once the pool is closing, or when
     * every give-back thread and queue place is taken, the caller gives them back itself. A share whose close fails
     * is logged; what it left belongs to this grader instance and goes when its backend closes, or with the orphans
     * of a dead instance.
     */
    public void giveBack(List<? extends RunSandbox> shares) {
        if (shares.isEmpty()) {
            return;
        }
        for (RunSandbox share : shares) {
            if (share instanceof CountedLease counted) {
                counted.countOut();
            }
        }
        List<RunSandbox> copy = List.copyOf(shares);
        Runnable work = () -> {
            try {
                for (RunSandbox share : copy) {
                    try {
                        share.close();
                    } catch (RuntimeException e) {
                        LOG.warn("giving back a sandbox failed: {}", e.getMessage());
                    }
                }
            } finally {
                if (pendingGiveBacks.decrementAndGet() == 0) {
                    synchronized (pendingGiveBacks) {
                        pendingGiveBacks.notifyAll();
                    }
                }
            }
        };
        pendingGiveBacks.incrementAndGet();
        if (closed) {
            work.run();
            return;
        }
        giveBacks.execute(work);
    }

    /** Give-backs handed to {@link #giveBack} and not finished yet. */
    public int pendingGiveBacks() {
        return pendingGiveBacks.get();
    }

    /** Waits until every give-back handed over so far has finished; false if some still run after {@code limit}. */
    public boolean awaitGiveBacks(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (pendingGiveBacks) {
            while (pendingGiveBacks.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(pendingGiveBacks, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return pendingGiveBacks.get() == 0;
                }
            }
        }
        return true;
    }

    /** A kind's backend, opened if it was not (for tests and benchmarks that look inside a kind). */
    public <B extends SandboxBackend<?>> B backend(String kind, Class<B> type) {
        return type.cast(backend(slot(kind)));
    }

    private <S> SandboxBackend<S> backend(Slot<S> slot) {
        synchronized (slot) {
            if (closed) {
                throw new SandboxUnavailableException("the grader is shutting down");
            }
            if (slot.backend == null) {
                try {
                    slot.backend = slot.type.open(slot.provider, settings);
                } catch (IllegalArgumentException e) {
                    throw new SandboxUnavailableException(slot.type.name() + " sandboxes cannot be opened: "
                            + e.getMessage(), e);
                }
            }
            return slot.backend;
        }
    }

    private Slot<?> slot(String kind) {
        Slot<?> slot = slots.get(kind);
        if (slot == null) {
            throw new SandboxUnavailableException("no sandbox kind '" + kind + "' is installed (installed: "
                    + String.join(", ", slots.keySet()) + ")");
        }
        return slot;
    }

    /** A run met a broken sandbox: whatever no longer answers is dropped, so the next run starts afresh. */
    public void checkHealth() {
        for (Slot<?> slot : slots.values()) {
            synchronized (slot) {
                if (slot.backend != null && !slot.backend.alive()) {
                    LOG.warn("{} stopped answering; replacing it", slot.backend.description());
                    closeQuietly(slot.backend);
                    slot.backend = null;
                }
            }
        }
    }

    /** Closes every backend (and what it made), so the next run starts cold: for benchmarks of cold starts. */
    public void discardAll() {
        awaitGiveBacks(GIVE_BACK_DRAIN);
        for (Slot<?> slot : slots.values()) {
            synchronized (slot) {
                if (slot.backend != null) {
                    try {
                        slot.backend.discard();
                    } catch (RuntimeException e) {
                        LOG.debug("discarding {} failed: {}", slot.backend.description(), e.getMessage());
                    }
                    slot.backend = null;
                }
            }
        }
    }

    private static void closeQuietly(SandboxBackend<?> backend) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {} failed: {}", backend.description(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        giveBacks.shutdown(); // the give-backs handed over still run; later ones run on their callers
        try {
            if (!giveBacks.awaitTermination(GIVE_BACK_DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("{} give-backs still running at close; the backends' own cleanup removes what they held",
                        pendingGiveBacks.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Slot<?> slot : slots.values()) {
            synchronized (slot) {
                if (slot.backend != null) {
                    closeQuietly(slot.backend);
                    slot.backend = null;
                }
            }
        }
    }
}
