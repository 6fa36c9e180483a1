package dev.roadlab.grader.nginx;

import dev.roadlab.grader.sandbox.Docker;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * nginx in containers of the official image: a few are kept started, idle; a run takes one, gets its files copied
 * in, checked ({@code nginx -t}) and started (nginx binds its ports before it returns), and the container is thrown
 * away afterwards while a fresh one warms up.
 */
final class ContainerNginx implements NginxLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNginx.class);
    static final String SITE_DIR = "/etc/nginx/roadlab/";
    private static final String MAIN = SITE_DIR + "nginx.conf";

    private final DockerImageName image;
    private final int warm;
    private final BlockingDeque<GenericContainer<?>> ready = new LinkedBlockingDeque<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("nginx-warmer").factory());
    private volatile boolean closed;

    ContainerNginx(String image, int warm) {
        this.image = DockerImageName.parse(image);
        this.warm = Math.max(warm, 0);
    }

    @Override
    public NginxInstance start(NginxSite site) {
        GenericContainer<?> container = ready.pollFirst();
        if (container == null) {
            container = newContainer();
        }
        refill();
        try {
            for (Map.Entry<String, byte[]> file : site.files().entrySet()) {
                container.copyFileToContainer(Transferable.of(file.getValue(), 0644), SITE_DIR + file.getKey());
            }
            if (!site.mainConfig().equals("nginx.conf")) {
                exec(container, "cp", SITE_DIR + site.mainConfig(), MAIN);
            }
            ExecResult test = exec(container, "nginx", "-t", "-q", "-c", MAIN);
            if (test.getExitCode() != 0) {
                throw new NginxConfigException((test.getStderr() + test.getStdout()).replace(SITE_DIR, "").strip());
            }
            ExecResult started = exec(container, "nginx", "-c", MAIN);
            if (started.getExitCode() != 0) {
                throw new NginxConfigException((started.getStderr() + started.getStdout()).replace(SITE_DIR, "").strip());
            }
            return new Instance(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private GenericContainer<?> newContainer() {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withExposedPorts(NginxSite.PORT)
                .withCommand("sleep", "infinity")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(256L * 1024 * 1024).withPidsLimit(128L))
                .waitingFor(Wait.forSuccessfulCommand("nginx -v").withStartupTimeout(Duration.ofSeconds(60)));
        return Docker.start(NginxType.NAME, container);
    }

    private void refill() {
        if (warm == 0 || closed) {
            return;
        }
        background.execute(() -> {
            while (!closed && ready.size() < warm) {
                try {
                    ready.addLast(newContainer());
                } catch (RuntimeException e) {
                    LOG.warn("could not warm an nginx container: {}", e.getMessage());
                    return;
                }
            }
        });
    }

    private static ExecResult exec(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot run " + String.join(" ", command) + " in the nginx container", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted");
        }
    }

    private record Instance(GenericContainer<?> container) implements NginxInstance {

        @Override
        public URI baseUri() {
            return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(NginxSite.PORT));
        }

        @Override
        public String errorLog() {
            return LocalNginx.tail(container.getLogs());
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        for (GenericContainer<?> c; (c = ready.pollFirst()) != null; ) {
            c.stop();
        }
    }
}
