package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.config.InvalidConfigException;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.ops.LogFormat;
import dev.roadlab.engine.web.OpsPlugin;
import io.javalin.Javalin;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code roadlab worker}: grading workers alone (no course, no pages) over a PostgreSQL that {@code roadlab serve}
 * processes share, with a health listener of its own; until interrupted.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Grade submissions from the shared queue (needs ROADLAB_DB_URL on PostgreSQL); no web pages.")
final class WorkerCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "${env:ROADLAB_HEALTH_PORT:-7071}",
            description = "Port of /healthz, /readyz and /metrics (ROADLAB_HEALTH_PORT, default 7071; 0: none), "
                    + "on the --host address.")
    int healthPort;

    @Override
    public Integer call() throws InterruptedException {
        LogFormat.check(System.getenv());
        RoadlabConfig config = options.load();
        refuseUnshared(config);
        if (config.grading().workers() < 1) {
            throw new InvalidConfigException("roadlab worker needs at least one worker (--workers or "
                    + "ROADLAB_WORKERS is " + config.grading().workers() + ")");
        }
        if (healthPort < 0 || healthPort > 65535) {
            throw new InvalidConfigException("--health-port must be between 0 (no listener) and 65535, not "
                    + healthPort);
        }
        Roadlab.Workers workers = Roadlab.startWorkers(config);
        Javalin health = healthPort == 0 ? null : Javalin.create(c -> {
            c.jetty.host = config.http().host();
            c.jetty.port = healthPort;
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.registerPlugin(new OpsPlugin(p -> {
                p.database = workers.database();
                p.sandboxes = workers.grader().pool();
                p.meters = workers.meters();
            }));
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (health != null) {
                health.stop();
            }
            workers.close();
            stopped.countDown();
        }, "roadlab-shutdown"));
        if (health != null) {
            health.start();
        }
        System.out.println("Roadlab is grading with " + config.grading().workers() + " workers"
                + (health != null ? "; health at http://" + config.http().host() + ":" + health.port() + "/healthz"
                : "; no health listener"));
        stopped.await();
        return 0;
    }

    /** H2's file database is one process's: a worker beside a server on it would be locked out or alone. */
    private static void refuseUnshared(RoadlabConfig config) {
        if (config.database().dataSource().isEmpty() && !config.database().url().startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException("roadlab worker shares its queue with roadlab serve through "
                    + "PostgreSQL, and the database is " + config.database().url().replaceAll("[;?].*", "")
                    + " (H2 allows one process). Set ROADLAB_DB_URL (or --db-url) to the jdbc:postgresql:// URL "
                    + "the servers use.");
        }
    }
}
