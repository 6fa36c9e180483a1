package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.ops.Readiness;
import dev.roadlab.engine.ops.RequestIds;
import dev.roadlab.grader.sandbox.SandboxPool;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes and metrics for a Javalin app (the HTTP side of {@link dev.roadlab.engine.ops}, which knows no Javalin) that runs Roadlab: {@code /healthz} (the process answers; touches nothing),
 * {@code /readyz} (database, migrations, sandboxes; 503 with a JSON body naming what failed) and {@code /metrics}
 * (Prometheus text), under {@link Config#path}; plus, for every request of the app, a request id in the logs and the
 * response header, an access log line and the {@code http.server.requests} timer by route template and status.
 * The standalone server and {@code roadlab worker} register it at the root; a host mounts it where it wants:
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new OpsPlugin(p -> { p.roadlab(roadlab); p.path = "/ops"; })));
 * }</pre>
 *
 * The probes answer without a session (they are for the orchestrator, which has none), are never cached and never
 * say more than "ok" or which check failed and why; put {@code /metrics} behind the network's own access rules.
 */
public final class OpsPlugin extends Plugin<OpsPlugin.Config> {

    private static final Logger ACCESS = LoggerFactory.getLogger("dev.roadlab.engine.access");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STARTED = "roadlab.ops.started";
    /** The label of requests no route matched: raw paths would make a metric per scanner's guess. */
    static final String UNMATCHED = "unmatched";

    /** What the probes look at. */
    public static final class Config {
        /** Prefix of the three routes ("" = the server root). */
        public String path = "";
        /** The database readiness asks; required. */
        public Database database;
        /** The sandboxes readiness asks; required. */
        public SandboxPool sandboxes;
        /** The registry {@code /metrics} writes and HTTP timings go to; required. */
        public PrometheusMeterRegistry meters;
        /** How long readiness waits for the database. */
        public Duration readinessTimeout = Duration.ofSeconds(2);

        /** Everything from a running Roadlab. */
        public Config roadlab(Roadlab roadlab) {
            database = roadlab.database();
            sandboxes = roadlab.grader().pool();
            meters = roadlab.meters();
            return this;
        }
    }

    public OpsPlugin(Consumer<Config> userConfig) {
        super(userConfig, new Config());
    }

    @Override
    public String name() {
        return "roadlab-ops";
    }

    @Override
    public void onInitialize(JavalinState state) {
        Config config = pluginConfig;
        if (config.database == null || config.sandboxes == null || config.meters == null) {
            throw new IllegalStateException("OpsPlugin needs a database, sandboxes and meters: "
                    + "new OpsPlugin(p -> p.roadlab(roadlab))");
        }
        Readiness readiness = new Readiness(config.database, config.sandboxes, config.readinessTimeout);
        PrometheusMeterRegistry meters = config.meters;
        String prefix = config.path.endsWith("/") ? config.path.substring(0, config.path.length() - 1) : config.path;

        java.util.Set<String> probes = java.util.Set.of(prefix + "/healthz", prefix + "/readyz", prefix + "/metrics");
        state.routes.before(ctx -> {
            String id = RequestIds.of(ctx.header(RequestIds.HEADER));
            MDC.put(RequestIds.MDC_KEY, id);
            ctx.header(RequestIds.HEADER, id);
            ctx.attribute(STARTED, System.nanoTime());
        });
        // One timer per method, route template and status, found again without building its id on every request.
        Map<TimerKey, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
        state.requestLogger.http((ctx, ms) -> {
            try {
                String route = route(ctx);
                String status = String.valueOf(ctx.statusCode());
                Long started = ctx.attribute(STARTED);
                long nanos = started != null ? System.nanoTime() - started : (long) (ms * 1_000_000);
                timers.computeIfAbsent(new TimerKey(ctx.method().name(), route, status), k -> Timer
                        .builder("http.server.requests")
                        .description("HTTP requests by method, route template and status")
                        .tag("method", k.method()).tag("route", k.route()).tag("status", k.status())
                        .register(meters)).record(nanos, TimeUnit.NANOSECONDS);
                // An orchestrator probes every few seconds: its lines only at debug, so they do not drown the others.
                if (probes.contains(route)) {
                    ACCESS.debug("{} {} {} {} ms", ctx.method().name(), route, status, Math.round(nanos / 1e6));
                } else {
                    ACCESS.info("{} {} {} {} ms", ctx.method().name(), route, status, Math.round(nanos / 1e6));
                }
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        });

        // Each GET answers HEAD the same way (Jetty sends no body for HEAD), as Roadlab's own routes do.
        getAndHead(state, prefix + "/healthz", ctx -> probe(ctx).contentType("text/plain; charset=utf-8").result("ok"));
        getAndHead(state, prefix + "/readyz", ctx -> {
            Readiness.Report report = readiness.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.ready() ? "ready" : "unavailable");
            body.put("checks", report.checks());
            probe(ctx).status(report.ready() ? 200 : 503).contentType("application/json")
                    .result(JSON.writeValueAsString(body));
        });
        getAndHead(state, prefix + "/metrics", ctx -> probe(ctx)
                .contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    }

    private record TimerKey(String method, String route, String status) {
    }

    private static void getAndHead(JavalinState state, String path, io.javalin.http.Handler handler) {
        state.routes.get(path, handler);
        state.routes.head(path, handler);
    }

    private static Context probe(Context ctx) {
        return ctx.header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
    }

    /** The matched route's template ({@code /labs/{id}}), never the raw path. */
    static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint != null && !endpoint.path.isEmpty() ? endpoint.path : UNMATCHED;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
