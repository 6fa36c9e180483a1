package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * nginx in containers of the official image: a few are kept started with a placeholder site; a run takes one,
 * gets its files copied in, checked ({@code nginx -t}) and loaded ({@code nginx -s reload}), and the container is
 * thrown away afterwards while a fresh one warms up.
 */
final class ContainerNginx implements NginxLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNginx.class);
    static final String SITE_DIR = "/etc/nginx/roadlab/";
    private static final String MAIN = SITE_DIR + "nginx.conf";
    private static final String PLACEHOLDER_HEADER = "X-Roadlab-Placeholder";
    private static final String PLACEHOLDER = """
            events {}
            http {
              server {
                listen %d;
                location / { add_header %s 1 always; return 204; }
              }
            }
            """.formatted(NginxSite.PORT, PLACEHOLDER_HEADER);

    private final DockerImageName image;
    private final int warm;
    private final BlockingDeque<GenericContainer<?>> ready = new LinkedBlockingDeque<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("nginx-warmer").factory());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
            exec(container, "nginx", "-s", "reload", "-c", MAIN);
            awaitReload(container);
            return new Instance(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private GenericContainer<?> newContainer() {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withExposedPorts(NginxSite.PORT)
                .withCopyToContainer(Transferable.of(PLACEHOLDER.getBytes(StandardCharsets.UTF_8), 0644), MAIN)
                .withCommand("nginx", "-c", MAIN, "-g", "daemon off;")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(256L * 1024 * 1024).withPidsLimit(128L))
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new SandboxUnavailableException("cannot start an nginx container from " + image + ": " + e.getMessage(), e);
        }
        return container;
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

    /** Waits until the placeholder no longer answers, i.e. the new workers serve the run's site. */
    private void awaitReload(GenericContainer<?> container) {
        URI uri = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(NginxSite.PORT) + "/");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.headers().firstValue(PLACEHOLDER_HEADER).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                return; // the site answers differently (or not at all on /): either way the placeholder is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new SandboxUnavailableException("nginx did not load the new configuration within 10 s");
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
