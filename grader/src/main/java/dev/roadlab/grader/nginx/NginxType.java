package dev.roadlab.grader.nginx;

import dev.roadlab.grader.sandbox.Docker;
import dev.roadlab.grader.sandbox.LocalBinaries;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.sandbox.SpecSection;
import dev.roadlab.grader.yaml.YamlFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * nginx sandboxes: every run serves the lab's harness and the learner's files with an nginx of its own (a process on
 * its own port, or a container), started by the first check that asks and thrown away after the run.
 *
 * <pre>{@code
 * sandboxes: [nginx]
 * nginx:
 *   harness: harness        # folder of the lab served beside the learner's files
 *   config: nginx.conf      # the main configuration in it (default nginx.conf)
 * }</pre>
 */
public final class NginxType implements SandboxType<NginxSpec> {

    public static final String NAME = "nginx";
    public static final String DEFAULT_IMAGE = "nginx:1.27-alpine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "nginx: the lab's harness and the learner's configuration, served by an nginx per run";
    }

    @Override
    public List<SandboxSetting> settings() {
        return List.of(
                SandboxSetting.of("binary", "An nginx binary the servers provider runs per run (default: nginx on "
                        + "the PATH)."),
                SandboxSetting.of("image", "Image of the containers provider's nginx.", DEFAULT_IMAGE));
    }

    @Override
    public NginxSpec spec(SpecSection section) {
        YamlFields n = section.fields();
        n.allowOnly(List.of("harness", "config"));
        String harness = n.requiredText("harness").orElse("harness");
        String main = n.text("config").orElse("nginx.conf");
        if (n.has("harness") && section.files().text(harness + "/" + main).isEmpty()) {
            n.problem(n.has("config") ? "config" : "harness", "no file '" + harness + "/" + main + "' in the lab folder");
        }
        return new NginxSpec(harness, main);
    }

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LabNginx.class);
    }

    @Override
    public boolean serversConfigured(SandboxSettings settings) {
        return settings.given(NAME + ".binary").isPresent();
    }

    @Override
    public SandboxBackend<NginxSpec> open(Provider provider, SandboxSettings settings) {
        return switch (provider) {
            case CONTAINERS -> new Backend("nginx containers " + settings.required(this, "image"), () -> {
                Docker.ready(NAME);
                return new ContainerNginx(settings.required(this, "image"), Math.min(settings.warmPerLab(), 2));
            });
            case SERVERS -> new Backend("local nginx processes", () -> {
                Path binary = settings.path(this, "binary").or(() -> LocalBinaries.onPath("nginx")).orElseThrow(() ->
                        new SandboxUnavailableException("no nginx for sandboxes: install nginx (or set "
                                + "ROADLAB_SANDBOX_NGINX_BINARY)"));
                return new LocalNginx(binary);
            });
        };
    }

    /** A launcher, made on first use. */
    public static final class Backend implements SandboxBackend<NginxSpec> {

        private final String description;
        private final Supplier<NginxLauncher> make;
        private NginxLauncher launcher;

        Backend(String description, Supplier<NginxLauncher> make) {
            this.description = description;
            this.make = make;
        }

        /** The launcher, made on first use (for tests that start sites of their own). */
        public synchronized NginxLauncher launcher() {
            if (launcher == null) {
                launcher = make.get();
            }
            return launcher;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public RunSandbox lease(RunRequest<NginxSpec> request) {
            return new Run(new LabNginx(launcher(), request.spec(), request.files(), request.submission()));
        }

        @Override
        public boolean alive() {
            return true;
        }

        @Override
        public synchronized void close() {
            if (launcher != null) {
                launcher.close();
                launcher = null;
            }
        }
    }

    /** A run's nginx: started by the first check that asks for it. */
    private record Run(LabNginx nginx) implements RunSandbox {

        @Override
        public Object handle(Class<?> type) {
            if (type == LabNginx.class) {
                return nginx;
            }
            throw new IllegalArgumentException("nginx sandboxes provide LabNginx, not " + type.getSimpleName());
        }

        @Override
        public void interrupt() {
            // requests to nginx end by their own timeouts
        }

        @Override
        public void terminate() {
            nginx.close();
        }

        @Override
        public boolean alive() {
            return true;
        }

        @Override
        public void close() {
            nginx.close();
        }
    }
}
