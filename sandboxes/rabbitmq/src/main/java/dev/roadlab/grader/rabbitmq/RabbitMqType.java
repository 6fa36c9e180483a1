package dev.roadlab.grader.rabbitmq;

import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SpecSection;
import dev.roadlab.grader.yaml.YamlFields;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RabbitMQ sandboxes: per run a vhost of its own and a user whose permissions cover only that vhost, both deleted
 * after the run. Checks get a {@link LabBroker}.
 *
 * <pre>{@code
 * sandboxes: [rabbitmq]
 * rabbitmq:
 *   max-queues: 16          # queues a run's vhost may hold (1-1000, default 32)
 *   max-connections: 12     # connections a run's vhost accepts (1-200, default 16)
 * }</pre>
 */
public final class RabbitMqType implements SandboxType<RabbitMqSpec> {

    public static final String NAME = "rabbitmq";
    public static final String DEFAULT_IMAGE = "rabbitmq:3.13-management-alpine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "RabbitMQ: a vhost and a user per run, the learner's definitions loaded into it";
    }

    @Override
    public List<SandboxSetting> settings() {
        return List.of(
                SandboxSetting.of("url", "Admin AMQP URL of a RabbitMQ dedicated to grading, with its management "
                        + "plugin enabled (servers provider), e.g. amqp://guest:guest@127.0.0.1:5672.")
                        .checked(url -> problem(url, Optional.empty())),
                SandboxSetting.of("management-url", "Its management API (default: http on port 15672 of the url's "
                        + "host, with the url's credentials).")
                        .checked(url -> problem("amqp://127.0.0.1", Optional.of(url))),
                SandboxSetting.of("image", "Image of the containers provider's RabbitMQ (with the management plugin).",
                        DEFAULT_IMAGE));
    }

    private static Optional<String> problem(String url, Optional<String> management) {
        try {
            RabbitMqServer.fromUrls(url, management);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public RabbitMqSpec spec(SpecSection section) {
        YamlFields rabbit = section.fields();
        rabbit.allowOnly(List.of("max-queues", "max-connections"));
        return new RabbitMqSpec(rabbit.integer("max-queues", 1, 1000).orElse(RabbitMqSpec.DEFAULT_MAX_QUEUES),
                rabbit.integer("max-connections", 1, 200).orElse(RabbitMqSpec.DEFAULT_MAX_CONNECTIONS));
    }

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LabBroker.class);
    }

    @Override
    public boolean serversConfigured(SandboxSettings settings) {
        return settings.given(NAME + ".url").isPresent();
    }

    @Override
    public SandboxBackend<RabbitMqSpec> open(Provider provider, SandboxSettings settings) {
        return switch (provider) {
            case CONTAINERS -> RabbitMqBackend.inContainer(settings.required(this, "image"), warm(settings));
            case SERVERS -> RabbitMqBackend.onServer(settings.value(this, "url")
                    .map(url -> RabbitMqServer.fromUrls(url, settings.value(this, "management-url"))), warm(settings));
        };
    }

    /** Vhosts kept ready per lab's limits: the settings' warm runs per lab, at most 4 (each is a vhost and a user). */
    static int warm(SandboxSettings settings) {
        return Math.min(settings.warmPerLab(), 4);
    }
}
