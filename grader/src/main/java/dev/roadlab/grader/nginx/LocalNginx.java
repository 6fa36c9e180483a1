package dev.roadlab.grader.nginx;

import dev.roadlab.grader.sandbox.LocalProcesses;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx from a local binary: every run gets its own master process, prefix folder and loopback port; stopping
 * the run kills the process and deletes the folder.
 */
final class LocalNginx implements NginxLauncher {

    private static final String FOLDER_PREFIX = "roadlab-nginx";

    private final Path binary;

    LocalNginx(Path binary) {
        this.binary = binary;
        LocalProcesses.sweepNowAndPeriodically(FOLDER_PREFIX);
    }

    /** Starts a port taken between choosing it and nginx binding it again, on another port: our problem, not the learner's. */
    private static final int STARTS = 5;

    @Override
    public NginxInstance start(NginxSite site) {
        for (int attempt = 1; ; attempt++) {
            Started started = startOnce(site);
            if (started.instance() != null) {
                return started.instance();
            }
            if (attempt == STARTS) {
                throw new SandboxUnavailableException("nginx could not bind a port in " + STARTS + " tries: "
                        + started.failure());
            }
        }
    }

    /** An instance, or why nginx could not bind its port (any other failure throws). */
    private record Started(NginxInstance instance, String failure) {
    }

    private Started startOnce(NginxSite site) {
        Path dir = LocalProcesses.folder(FOLDER_PREFIX);
        int port;
        try {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            for (Map.Entry<String, byte[]> file : site.files().entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalArgumentException("file outside the site folder: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                byte[] content = file.getKey().endsWith(".conf")
                        ? NginxSite.relisten(new String(file.getValue(), StandardCharsets.UTF_8), port).getBytes(StandardCharsets.UTF_8)
                        : file.getValue();
                Files.write(target, content);
            }
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            delete(dir);
            throw new SandboxUnavailableException("cannot prepare an nginx folder: " + e.getMessage(), e);
        }
        List<String> common = List.of(binary.toString(), "-p", dir + "/", "-e", dir.resolve("logs/error.log").toString(),
                "-c", dir.resolve(site.mainConfig()).toString(),
                "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";");
        Run test = run(common, List.of("-t", "-q"), Duration.ofSeconds(10));
        if (test.exit() != 0) {
            delete(dir);
            throw new NginxConfigException(test.output().replace(dir + "/", "").strip());
        }
        Process process;
        try {
            // Started in its folder, so paths nginx does not resolve against its prefix (unix socket paths of a
            // harness's own upstream, for one) stay inside the run's folder too.
            process = new ProcessBuilder(common).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        } catch (IOException e) {
            delete(dir);
            throw new SandboxUnavailableException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        LocalProcesses.started(dir, process);
        Instance instance = new Instance(process, dir, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String log = instance.errorLog();
                instance.close();
                if (log.contains("Address already in use")) {
                    return new Started(null, log.strip());
                }
                throw new NginxConfigException("nginx stopped at start: " + log.replace(dir + "/", "").strip());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new Started(instance, "");
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        instance.close();
        throw new SandboxUnavailableException("nginx did not listen on port " + port + " within 10 s");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> base, List<String> extra, Duration limit) {
        List<String> command = new java.util.ArrayList<>(base);
        command.addAll(extra);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "nginx -t did not finish");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot run " + base.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted");
        }
    }

    private record Instance(Process process, Path dir, int port) implements NginxInstance {

        @Override
        public URI baseUri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        @Override
        public String errorLog() {
            try {
                Path log = dir.resolve("logs/error.log");
                return Files.exists(log) ? tail(Files.readString(log, StandardCharsets.UTF_8)) : "";
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            LocalProcesses.kill(process.toHandle());
            delete(dir);
        }
    }

    static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    static void delete(Path dir) {
        LocalProcesses.delete(dir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }
}
