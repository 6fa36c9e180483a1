package dev.roadlab.labs;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bundled labs' grader on each sandbox provider, for tests that prove a lab on both. */
final class ProviderGraders implements AutoCloseable {

    static final List<String> PROVIDERS = List.of("containers", "servers");

    /**
     * The labs the lab tests grade: every bundled lab, or those named in {@code -Droadlab.labs=id,id} (a quicker
     * loop while writing one lab; CI always grades them all).
     */
    static LabCatalog labsUnderTest() {
        LabCatalog all = LabCatalog.fromClasspath(ProviderGraders.class.getClassLoader());
        String only = System.getProperty("roadlab.labs", "").strip();
        if (only.isEmpty()) {
            return all;
        }
        return LabCatalog.of(Arrays.stream(only.split(",")).map(String::strip).map(all::get).toList());
    }

    private final Map<String, Grader> graders = new LinkedHashMap<>();

    ProviderGraders(LabCatalog labs) {
        for (String provider : PROVIDERS) {
            graders.put(provider, Grader.create(labs, settings(provider)));
        }
    }

    /** The machine's RabbitMQ, for the servers provider (ROADLAB_TEST_RABBITMQ_URL to use another). */
    static final String SERVERS_RABBITMQ_URL = Optional.ofNullable(System.getenv("ROADLAB_TEST_RABBITMQ_URL"))
            .filter(v -> !v.isBlank()).orElse("amqp://guest:guest@127.0.0.1:5672");

    /** The grader's test settings for a provider, with the rabbitmq kind's broker for the servers provider. */
    static SandboxSettings settings(String provider) {
        SandboxSettings settings = TestSandboxes.named(provider);
        return provider.equals("servers") ? settings.with("rabbitmq.url", SERVERS_RABBITMQ_URL) : settings;
    }

    Grader on(String provider) {
        return graders.get(provider);
    }

    @Override
    public void close() {
        graders.values().forEach(Grader::close);
    }
}
