package dev.roadlab.grader.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.SandboxContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sandbox contract for nginx, plus what only nginx has: its own refusal of a configuration, with file and line. */
class NginxContractTest extends SandboxContract<NginxSpec> {

    private static final String MAIN = "events {}\nhttp {\n  include site.conf;\n}\n";
    private final AtomicInteger sites = new AtomicInteger();

    @Override
    protected String kind() {
        return NginxType.NAME;
    }

    @Override
    protected NginxSpec spec() {
        return new NginxSpec("harness", "nginx.conf");
    }

    @Override
    protected LabFiles labFiles() {
        return new LabFiles() {
            @Override
            public Optional<String> text(String relativePath) {
                return relativePath.equals("harness/nginx.conf") ? Optional.of(MAIN) : Optional.empty();
            }

            @Override
            public Map<String, byte[]> folderFiles(String folder) {
                return folder.equals("harness") ? Map.of("nginx.conf", MAIN.getBytes(StandardCharsets.UTF_8)) : Map.of();
            }
        };
    }

    /** Each run serves a site of its own, answering with its own name, unique across graders' processes. */
    @Override
    protected Submission submission() {
        String name = "site-" + ProcessHandle.current().pid() + "-" + sites.incrementAndGet();
        return Submission.ofText(Map.of("site.conf", "server {\n  listen 8080;\n  location / { add_header X-Site " + name
                + " always; return 200 \"" + name + "\"; }\n}\n"));
    }

    private static LabNginx nginx(RunSandbox run) {
        return (LabNginx) run.handle(LabNginx.class);
    }

    @Override
    protected void use(RunSandbox run) throws Exception {
        HttpResponse<String> response = nginx(run).get("/", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Site")).hasValue(response.body());
    }

    @Override
    protected void assertIsolated(RunSandbox victim, RunSandbox intruder) throws Exception {
        assertThat(nginx(victim).start()).isNotEqualTo(nginx(intruder).start());
        assertThat(nginx(victim).get("/", Map.of()).body()).isNotEqualTo(nginx(intruder).get("/", Map.of()).body());
    }

    /** Where the run listens and the site it serves: a port alone may be taken by the next run once freed. */
    @Override
    protected String identity(RunSandbox run) throws Exception {
        return nginx(run).start() + " " + nginx(run).get("/", Map.of()).body();
    }

    /** The run's nginx still listens and still answers with the run's own site. */
    @Override
    protected boolean leftBehind(SandboxBackend<NginxSpec> backend, String identity) {
        String[] parts = identity.split(" ", 2);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(parts[0]))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.headers().firstValue("X-Site").filter(parts[1]::equals).isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Optional<CompletableFuture<?>> startRunawayWork(RunSandbox run) throws Exception {
        use(run); // nothing a learner's configuration runs can outlive a request's own timeout
        return Optional.empty();
    }

    /** The crashed grader's nginx is of the same provider: its process or container is what must be swept. */
    @Override
    protected SandboxSettings reachSameServers(SandboxBackend<NginxSpec> backend) {
        Provider provider = backend.description().startsWith("local") ? Provider.SERVERS : Provider.CONTAINERS;
        return settings(provider).withProvider(ProviderMode.valueOf(provider.name()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_configuration_nginx_refuses_is_reported_with_its_file_and_line(Provider provider) {
        NginxLauncher nginx = ((NginxType.Backend) backend(provider)).launcher();
        Map<String, byte[]> files = new TreeMap<>(Map.of(
                "nginx.conf", MAIN.getBytes(StandardCharsets.UTF_8),
                "site.conf", "server {\n  listen 8080;\n  bogus_directive on;\n}\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> nginx.start(NginxSite.of(files, "nginx.conf")))
                .isInstanceOf(NginxConfigException.class)
                .hasMessageContaining("unknown directive \"bogus_directive\"")
                .hasMessageContaining("site.conf:3");
    }
}
