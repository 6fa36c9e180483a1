package dev.roadlab.grader.postgres;

import dev.roadlab.grader.sandbox.Docker;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL on one provider: a container of the official image started on first use, or a server an administrator
 * gives; on it, one {@link PostgresSandbox} that isolates runs.
 */
public final class PostgresBackend implements SandboxBackend<PostgresSpec> {

    private static final java.time.Duration STATEMENT_BACKSTOP = java.time.Duration.ofSeconds(5);

    private final Supplier<PostgresServer> start;
    private final Runnable stop;
    private final String description;
    private final int warmPerLab;
    private PostgresSandbox sandbox;

    private PostgresBackend(String description, Supplier<PostgresServer> start, Runnable stop, int warmPerLab) {
        this.description = description;
        this.start = start;
        this.stop = stop;
        this.warmPerLab = warmPerLab;
    }

    static PostgresBackend inContainer(String image, int warmPerLab) {
        PostgresContainer[] container = new PostgresContainer[1];
        return new PostgresBackend("PostgreSQL container " + image, () -> {
            Docker.ready(PostgresType.NAME);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            container[0] = Docker.start(PostgresType.NAME, new PostgresContainer(DockerImageName.parse(image), password));
            return container[0].server(password);
        }, () -> Docker.stop(container[0]), warmPerLab);
    }

    static PostgresBackend onServer(Optional<PostgresServer> server, int warmPerLab) {
        return new PostgresBackend(server.map(PostgresServer::description).orElse("PostgreSQL (none configured)"),
                () -> server.orElseThrow(() -> new SandboxUnavailableException(
                        "no PostgreSQL server configured: set ROADLAB_SANDBOX_POSTGRES_URL, e.g. "
                                + "postgresql://postgres@127.0.0.1:5432/postgres")),
                () -> { }, warmPerLab);
    }

    /** The sandbox on the server, started (or reached) on first use. */
    public synchronized PostgresSandbox sandbox() {
        if (sandbox == null) {
            sandbox = PostgresSandbox.open(start.get(), warmPerLab);
        }
        return sandbox;
    }

    @Override
    public String description() {
        return sandbox == null ? description : sandbox.server().description();
    }

    @Override
    public RunSandbox lease(RunRequest<PostgresSpec> request) {
        PostgresSandbox on = sandbox();
        // The roles' own statement_timeout is a backstop past the grader's watchdog, never a race with it.
        RunDatabase run = on.lease(request.labId(), request.spec(), request.checkLimit().plus(STATEMENT_BACKSTOP));
        RunMonitor.Watch watch = on.watch(run, request.spec().maxBytes());
        return new PostgresRun(on, run, watch, new LabDatabase(run, request.submission(), request.interrupted(),
                request.checkLimitText(), watch::stopped, on.templateFacts(run.template()))
                .withHelper(on.takePreopened(run)));
    }

    @Override
    public synchronized boolean alive() {
        return sandbox == null || sandbox.alive();
    }

    @Override
    public synchronized void discard() {
        if (sandbox != null) {
            sandbox.dropTemplates();
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
        stop.run();
    }
}
