package dev.roadlab.grader.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each installed kind's backend warm and reuses it across runs; a backend that stops answering is closed and
 * opened again (a fresh container, a reconnection). Each kind comes from the provider the settings pick for it.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    private final SandboxSettings settings;
    private final Map<String, Slot<?>> slots = new LinkedHashMap<>();
    private volatile boolean closed;

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

        @Override
        public synchronized void close() {
            try {
                leased.close();
            } finally {
                if (!released) {
                    released = true;
                    leases.decrementAndGet();
                }
            }
        }
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
