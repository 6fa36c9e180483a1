package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.SandboxContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox contract for RabbitMQ, plus what only RabbitMQ has: a run's user reaches its own vhost and nothing
 * else (no other vhost, no management API), the vhost's limits hold, and definitions may create only what lives
 * inside the vhost.
 */
class RabbitMqContractTest extends SandboxContract<RabbitMqSpec> {

    static final RabbitMqSpec SPEC = new RabbitMqSpec(6, 5);

    @Override
    protected String kind() {
        return RabbitMqType.NAME;
    }

    @Override
    protected RabbitMqSpec spec() {
        return SPEC;
    }

    @Override
    protected SandboxSettings settings(Provider provider) {
        return RabbitMqTestSandboxes.settings(provider).withWarmPerLab(0);
    }

    static LabBroker broker(RunSandbox run) {
        return (LabBroker) run.handle(LabBroker.class);
    }

    private static RabbitMqSandbox sandbox(SandboxBackend<RabbitMqSpec> backend) {
        return ((RabbitMqBackend) backend).sandbox();
    }

    /** Leaves a message naming the run's vhost in a queue of the run. */
    @Override
    protected void use(RunSandbox run) throws Exception {
        try (Connection connection = broker(run).connect()) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.queueDeclare("mine", true, false, false, Map.of());
            channel.basicPublish("", "mine", true, MessageProperties.PERSISTENT_TEXT_PLAIN,
                    broker(run).vhost().getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    @Override
    protected void assertIsolated(RunSandbox victim, RunSandbox intruder) throws Exception {
        RunVhost a = broker(victim).run();
        RunVhost b = broker(intruder).run();
        assertThatThrownBy(() -> b.server().connect(b.user(), b.password(), a.vhost(), "intruder").close())
                .as(b.user() + " connecting to " + a.vhost())
                .isInstanceOf(IOException.class).rootCause().hasMessageContaining("refused for user");
        // What the intruder finds under the same queue name in its own vhost is its own.
        try (Connection connection = broker(intruder).connect()) {
            Channel channel = connection.createChannel();
            List<String> bodies = new ArrayList<>();
            for (GetResponse got; (got = channel.basicGet("mine", false)) != null; ) {
                bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(bodies).isNotEmpty().containsOnly(b.vhost());
        }
    }

    @Override
    protected String identity(RunSandbox run) {
        return broker(run).vhost();
    }

    @Override
    protected boolean leftBehind(SandboxBackend<RabbitMqSpec> backend, String identity) {
        ManagementApi admin = sandbox(backend).admin();
        return admin.find("/api/vhosts/" + identity).isPresent() || admin.find("/api/users/" + identity).isPresent();
    }

    /**
     * A consumer waiting for a message that never comes, on a connection opened behind the grader's back (not
     * through LabBroker): only closing the user's connections on the broker stops it.
     */
    @Override
    protected Optional<CompletableFuture<?>> startRunawayWork(RunSandbox run) throws Exception {
        RunVhost vhost = broker(run).run();
        Connection connection = vhost.connect("runaway");
        CompletableFuture<Object> stopped = new CompletableFuture<>();
        connection.addShutdownListener(stopped::complete);
        Channel channel = connection.createChannel();
        channel.queueDeclare("never", false, false, true, Map.of());
        channel.basicConsume("never", false, (tag, delivery) -> { }, tag -> { });
        ManagementApi admin = broker(run).sandbox().admin();
        eventually(() -> admin.list("/api/connections?columns=name,user").stream()
                .anyMatch(c -> c.path("user").asString("").equals(vhost.user())), "the broker listing the connection");
        return Optional.of(stopped);
    }

    @Override
    protected SandboxSettings reachSameServers(SandboxBackend<RabbitMqSpec> backend) {
        RabbitMqServer server = sandbox(backend).server();
        return RabbitMqTestSandboxes.settings(Provider.SERVERS).withWarmPerLab(0)
                .with("rabbitmq.url", server.adminUrl())
                .with("rabbitmq.management-url", server.management().toString());
    }

    /** The broker drops the dead grader's liveness queue once it sees its connection close; nothing expires. */
    @Override
    protected void forgetLiveness(SandboxBackend<RabbitMqSpec> backend, String identity) throws Exception {
        Matcher m = RabbitMqSandbox.RUN_NAME.matcher(identity);
        assertThat(m.matches()).as(identity).isTrue();
        eventually(() -> !sandbox(backend).instanceAlive(m.group(1)), "the broker dropping the dead grader's queue");
    }

    private RunSandbox lease(SandboxBackend<RabbitMqSpec> backend, String definitions) {
        return backend.lease(new RunRequest<>("contract", spec(), labFiles(),
                Submission.ofText(Map.of("definitions.json", definitions)), Duration.ofSeconds(10), () -> false));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_run_user_reaches_its_own_vhost_only_within_its_limits(Provider provider) throws Exception {
        try (RunSandbox run = lease(backend(provider))) {
            RunVhost vhost = broker(run).run();
            ManagementApi admin = broker(run).sandbox().admin();
            for (String other : List.of("/", "rl_run_00000000_1")) {
                assertThatThrownBy(() -> vhost.server().connect(vhost.user(), vhost.password(), other, "t").close())
                        .as("connecting to " + other).isInstanceOf(IOException.class);
            }
            assertThat(admin.list("/api/users/" + vhost.user() + "/permissions"))
                    .extracting(p -> p.path("vhost").asString()).containsExactly(vhost.vhost());
            assertThat(admin.get("/api/users/" + vhost.user()).path("tags").toString()).doesNotContain("administrator",
                    "management", "monitoring", "policymaker");
            JsonNode limits = admin.list("/api/vhost-limits/" + vhost.vhost()).getFirst().path("value");
            assertThat(limits.path("max-queues").asInt()).isEqualTo(SPEC.maxQueues());
            assertThat(limits.path("max-connections").asInt()).isEqualTo(SPEC.maxConnections());
            try (Connection connection = broker(run).connect()) {
                Channel channel = connection.createChannel();
                for (int i = 0; i < SPEC.maxQueues(); i++) {
                    channel.queueDeclare("q" + i, false, false, false, Map.of());
                }
                assertThatThrownBy(() -> channel.queueDeclare("one-too-many", false, false, false, Map.of()))
                        .isInstanceOf(IOException.class).rootCause().hasMessageContaining("queue limit");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_run_user_cannot_use_the_management_api(Provider provider) {
        try (RunSandbox run = lease(backend(provider))) {
            RunVhost vhost = broker(run).run();
            ManagementApi asRun = new ManagementApi(vhost.server().management(), vhost.user(), vhost.password());
            assertThat(asRun.answers()).isFalse();
            for (String[] call : List.of(new String[] {"GET", "/api/overview"}, new String[] {"GET", "/api/vhosts"},
                    new String[] {"GET", "/api/queues/" + vhost.vhost()},
                    new String[] {"PUT", "/api/users/roadlab-intruder"},
                    new String[] {"POST", "/api/definitions/" + vhost.vhost()},
                    new String[] {"DELETE", "/api/vhosts/" + vhost.vhost()})) {
                assertThat(asRun.status(call[0], call[1])).as(call[0] + " " + call[1]).isEqualTo(401);
            }
            assertThat(broker(run).sandbox().admin().find("/api/users/roadlab-intruder")).isEmpty();
        }
    }

    Stream<Arguments> refusedKeysOnEachProvider() {
        return Stream.of(Provider.values()).flatMap(p -> Stream.of(
                Arguments.of(p, "users", "[{\"name\": \"roadlab-intruder\", \"password\": \"x\", \"tags\": \"administrator\"}]"),
                Arguments.of(p, "vhosts", "[{\"name\": \"roadlab-intruder\"}]"),
                Arguments.of(p, "permissions", "[{\"user\": \"guest\", \"vhost\": \"/\", \"configure\": \".*\", "
                        + "\"write\": \".*\", \"read\": \".*\"}]"),
                Arguments.of(p, "parameters", "[{\"component\": \"shovel\", \"name\": \"out\", \"value\": {}}]"),
                Arguments.of(p, "global_parameters", "[{\"name\": \"cluster_name\", \"value\": \"mine\"}]")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedKeysOnEachProvider")
    void definitions_that_reach_beyond_the_vhost_are_refused_and_nothing_is_loaded(Provider provider, String key,
                                                                                  String value) {
        String document = "{\n  \"queues\": [{\"name\": \"emails\", \"durable\": true}],\n  \"" + key + "\": " + value
                + "\n}\n";
        try (RunSandbox run = lease(backend(provider), document)) {
            LabBroker broker = broker(run);
            assertThatThrownBy(() -> broker.loadDefinitions("definitions.json"))
                    .isInstanceOf(SubmissionError.class)
                    .hasMessageStartingWith("definitions.json, line 3: \"" + key + "\" is refused");
            ManagementApi admin = broker.sandbox().admin();
            assertThat(admin.list("/api/queues/" + broker.vhost())).isEmpty();
            assertThat(admin.find("/api/users/roadlab-intruder")).isEmpty();
            assertThat(admin.find("/api/vhosts/roadlab-intruder")).isEmpty();
            assertThatThrownBy(() -> broker.loadDefinitions("definitions.json"))
                    .isInstanceOf(SubmissionError.class).hasMessageContaining("did not load");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void definitions_load_into_the_run_vhost_whatever_vhost_they_name_and_each_load_starts_empty(Provider provider)
            throws Exception {
        String document = """
                {
                  "rabbit_version": "3.10.8",
                  "users": [],
                  "queues": [{"name": "emails", "vhost": "/", "durable": true, "auto_delete": false,
                              "arguments": {"x-queue-type": "quorum"}}],
                  "exchanges": [{"name": "jobs", "vhost": "/", "type": "direct", "durable": true,
                                 "auto_delete": false, "internal": false, "arguments": {}}],
                  "bindings": [{"source": "jobs", "vhost": "/", "destination": "emails", "destination_type": "queue",
                                "routing_key": "email", "arguments": {}}],
                  "policies": [{"name": "bounded", "vhost": "/", "pattern": "^emails$", "apply-to": "queues",
                                "definition": {"max-length": 10}, "priority": 1}]
                }
                """;
        try (RunSandbox run = lease(backend(provider), document)) {
            LabBroker broker = broker(run);
            ManagementApi admin = broker.sandbox().admin();
            List<JsonNode> rootQueuesBefore = admin.list("/api/queues/%2F");
            broker.loadDefinitions("definitions.json");
            assertThat(admin.list("/api/queues/" + broker.vhost())).extracting(q -> q.path("name").asString())
                    .containsExactly("emails");
            assertThat(admin.list("/api/policies/" + broker.vhost())).extracting(q -> q.path("name").asString())
                    .containsExactly("bounded");
            assertThat(admin.list("/api/queues/%2F")).hasSameSizeAs(rootQueuesBefore);
            try (Connection connection = broker.connect()) {
                Channel channel = connection.createChannel();
                channel.confirmSelect();
                channel.basicPublish("jobs", "email", true, null, "job".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(10_000);
                channel.queueDeclare("left-over", false, false, false, Map.of());
            }
            broker.loadDefinitions("definitions.json");
            assertThat(admin.list("/api/queues/" + broker.vhost())).extracting(q -> q.path("name").asString())
                    .containsExactly("emails");
            try (Connection connection = broker.connect()) {
                assertThat(connection.createChannel().queueDeclarePassive("emails").getMessageCount()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void definitions_rabbitmq_refuses_are_the_learners_error_in_its_words(Provider provider) {
        String document = """
                {"exchanges": [{"name": "jobs", "type": "x-no-such-type", "durable": true, "auto_delete": false,
                                "internal": false, "arguments": {}}]}
                """;
        try (RunSandbox run = lease(backend(provider), document)) {
            assertThatThrownBy(() -> broker(run).loadDefinitions("definitions.json"))
                    .isInstanceOf(SubmissionError.class)
                    .hasMessageStartingWith("definitions.json: RabbitMQ refused the definitions: ")
                    .hasMessageContaining("x-no-such-type");
        }
    }
}
