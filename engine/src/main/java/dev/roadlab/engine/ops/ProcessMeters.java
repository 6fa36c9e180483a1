package dev.roadlab.engine.ops;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.roadlab.engine.db.Database;
import dev.roadlab.grader.sandbox.SandboxPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The meters of the process around the grading: the JVM's (memory, GC, threads, classes, CPU, uptime), the
 * database pool's when the pool is Roadlab's own (HikariCP's tracker), and the sandbox pool's (backends open and
 * runs leasing them, by kind). Bound once per Roadlab; close it to stop listening to the GC.
 */
public final class ProcessMeters implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ProcessMeters() {
    }

    /**
     * A registry for Roadlab's meters. Its filters are set before any meter exists (a filter set later does not
     * apply to the meters already registered, and Micrometer warns of it).
     */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of ProcessorMetrics' names break Prometheus' conventions (promtool refuses them): the CPU count ends in
        // _count like a summary's, and the CPU time is in nanoseconds ("ns" in its name). The count gets a name of its
        // own; the time is left out (process_cpu_usage says the same as a ratio).
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        return registry;
    }

    /** Binds every meter to {@code registry} (made by {@link #registry()}). */
    public static ProcessMeters bind(MeterRegistry registry, Database database, SandboxPool sandboxes) {
        ProcessMeters meters = new ProcessMeters();
        new JvmMemoryMetrics().bindTo(registry);
        meters.gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        database.ownPool().ifPresent(pool -> pool.setMetricsTrackerFactory(
                new MicrometerMetricsTrackerFactory(registry)));
        for (SandboxPool.KindStatus kind : sandboxes.status()) {
            String name = kind.kind();
            String provider = kind.provider().wireName();
            Gauge.builder("roadlab.sandbox.backends", sandboxes, pool -> status(pool, name).open() ? 1 : 0)
                    .description("Backends (containers, server connections) open for a sandbox kind: 0 or 1")
                    .tag("kind", name).tag("provider", provider).register(registry);
            Gauge.builder("roadlab.sandbox.leases", sandboxes, pool -> status(pool, name).leases())
                    .description("Runs holding a share of a sandbox kind now")
                    .tag("kind", name).tag("provider", provider).register(registry);
        }
        return meters;
    }

    private static SandboxPool.KindStatus status(SandboxPool pool, String kind) {
        return pool.status().stream().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        gc.close();
    }
}
