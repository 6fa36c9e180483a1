package dev.roadlab.grader.rabbitmq;

import dev.roadlab.grader.sandbox.Docker;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * RabbitMQ on one provider: a container of the official management image started on first use (Testcontainers'
 * RabbitMQ module), or a broker an administrator gives; on it, one {@link RabbitMqSandbox} that isolates runs.
 */
public final class RabbitMqBackend implements SandboxBackend<RabbitMqSpec> {

    static final String ADMIN_USER = "roadlab-admin";

    private final String description;
    private final Supplier<RabbitMqServer> start;
    private final Runnable stop;
    /** Vhosts kept ready per lab's limits. */
    private final int warm;
    private RabbitMqSandbox sandbox;

    private RabbitMqBackend(String description, Supplier<RabbitMqServer> start, Runnable stop, int warm) {
        this.warm = warm;
        this.description = description;
        this.start = start;
        this.stop = stop;
    }

    static RabbitMqBackend inContainer(String image, int warm) {
        RabbitMQContainer[] container = new RabbitMQContainer[1];
        return new RabbitMqBackend("RabbitMQ container " + image, () -> {
            Docker.ready(RabbitMqType.NAME);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            container[0] = Docker.start(RabbitMqType.NAME, new RabbitMQContainer(DockerImageName.parse(image)
                    .asCompatibleSubstituteFor("rabbitmq"))
                    .withAdminUser(ADMIN_USER).withAdminPassword(password)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withMemory(1024L * 1024 * 1024).withPidsLimit(1024L)));
            RabbitMQContainer c = container[0];
            return new RabbitMqServer(c.getHost(), c.getAmqpPort(), ADMIN_USER, password, URI.create(c.getHttpUrl()),
                    "RabbitMQ container " + c.getDockerImageName());
        }, () -> Docker.stop(container[0]), warm);
    }

    static RabbitMqBackend onServer(Optional<RabbitMqServer> server, int warm) {
        return new RabbitMqBackend(server.map(RabbitMqServer::description).orElse("RabbitMQ (none configured)"),
                () -> server.orElseThrow(() -> new SandboxUnavailableException(
                        "no RabbitMQ broker configured: set ROADLAB_SANDBOX_RABBITMQ_URL, e.g. "
                                + "amqp://guest:guest@127.0.0.1:5672 (its management plugin enabled)")),
                () -> { }, warm);
    }

    /** The sandbox on the broker, started (or reached) on first use. */
    public synchronized RabbitMqSandbox sandbox() {
        if (sandbox == null) {
            sandbox = RabbitMqSandbox.open(start.get(), warm);
        }
        return sandbox;
    }

    @Override
    public synchronized String description() {
        return sandbox == null ? description : sandbox.server().description();
    }

    @Override
    public RunSandbox lease(RunRequest<RabbitMqSpec> request) {
        RabbitMqSandbox on = sandbox();
        RunVhost run = on.lease(request.spec());
        return new RabbitMqRun(on, run, new LabBroker(on, run, request.submission(), request.interrupted()));
    }

    @Override
    public synchronized boolean alive() {
        return sandbox == null || sandbox.alive();
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
