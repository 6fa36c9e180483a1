package dev.roadlab.grader.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.testing.TestSandboxes;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.submission.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AMQP pieces of the assertion library against a real broker, on both providers: topology facts, publishing
 * with confirms, consuming with manual acks, and a consumer that dies mid-delivery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmqpAssertionsTest {

    static final String DEFINITIONS = """
            {
              "queues": [
                {"name": "work", "durable": true, "auto_delete": false,
                 "arguments": {"x-queue-type": "quorum", "x-delivery-limit": 2, "x-dead-letter-exchange": "dead",
                               "x-max-length": 20, "x-overflow": "reject-publish"}},
                {"name": "work.dead", "durable": true, "auto_delete": false, "arguments": {}},
                {"name": "scratch", "durable": false, "auto_delete": false, "arguments": {"x-max-length": 50}}
              ],
              "exchanges": [
                {"name": "tasks", "type": "topic", "durable": true, "auto_delete": false, "internal": false,
                 "arguments": {}},
                {"name": "dead", "type": "fanout", "durable": true, "auto_delete": false, "internal": false,
                 "arguments": {}}
              ],
              "bindings": [
                {"source": "tasks", "destination": "work", "destination_type": "queue", "routing_key": "task.#",
                 "arguments": {}},
                {"source": "dead", "destination": "work.dead", "destination_type": "queue", "routing_key": "",
                 "arguments": {}}
              ],
              "policies": [
                {"name": "overflow", "pattern": "^work$", "apply-to": "queues", "priority": 1,
                 "definition": {"max-length": 10, "message-ttl": 60000}}
              ]
            }
            """;

    private final Map<Provider, SandboxBackend<RabbitMqSpec>> backends = new EnumMap<>(Provider.class);

    @BeforeAll
    void open_backends() {
        for (Provider provider : Provider.values()) {
            backends.put(provider, new RabbitMqType().open(provider,
                    RabbitMqTestSandboxes.settings(provider).withWarmPerLab(0)));
        }
    }

    @AfterAll
    void close_backends() {
        backends.values().forEach(SandboxBackend::close);
    }

    private RunSandbox lease(Provider provider) {
        return backends.get(provider).lease(new RunRequest<>("amqp", RabbitMqSpec.defaults(), TestSandboxes.noLabFiles(),
                Submission.ofText(Map.of("definitions.json", DEFINITIONS)), Duration.ofSeconds(30), () -> false));
    }

    private static LabBroker broker(RunSandbox run) {
        return RabbitMqContractTest.broker(run);
    }

    private static LabBroker loaded(RunSandbox run) {
        LabBroker broker = RabbitMqContractTest.broker(run);
        broker.loadDefinitions("definitions.json");
        return broker;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void topology_facts_tell_type_durability_arguments_and_the_policy_in_effect(Provider provider) throws Exception {
        try (RunSandbox run = lease(provider)) {
            Topology topology = loaded(run).topology();
            assertThat(topology.queueNames()).containsExactly("scratch", "work", "work.dead");
            Topology.QueueFact work = topology.queue("work").orElseThrow();
            assertThat(work.isQuorum()).isTrue();
            assertThat(work.durable()).isTrue();
            assertThat(work.arguments()).containsEntry("x-delivery-limit", 2L).containsEntry("x-dead-letter-exchange",
                    "dead");
            assertThat(work.policy()).hasValue("overflow");
            assertThat(work.text("overflow")).hasValue("reject-publish");
            assertThat(work.number("message-ttl")).hasValue(60_000);
            assertThat(work.number("max-length")).hasValue(10); // the lower of the argument's 20 and the policy's 10
            assertThat(work.number("delivery-limit")).hasValue(2);
            assertThat(work.describe()).startsWith("work (quorum, durable; ").contains("policy overflow");
            Topology.QueueFact scratch = topology.queue("scratch").orElseThrow();
            assertThat(scratch.type()).isEqualTo("classic");
            assertThat(scratch.durable()).isFalse();
            assertThat(scratch.policy()).isEmpty();
            assertThat(topology.exchange("tasks").orElseThrow().type()).isEqualTo("topic");
            assertThat(topology.bindingsFrom("dead")).extracting(Topology.BindingFact::destination)
                    .containsExactly("work.dead");
            assertThat(topology.queuesReached("tasks", "task.email.send")).containsExactly("work");
            assertThat(topology.queuesReached("tasks", "other")).isEmpty();
            assertThat(topology.policies()).extracting(Topology.PolicyFact::name).containsExactly("overflow");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void publisher_confirms_tell_acked_nacked_and_returned_per_message(Provider provider) {
        try (RunSandbox run = lease(provider); ConfirmedPublisher publisher = loaded(run).publisher()) {
            // A quorum queue's bound is soft: what is in flight while it fills is taken; once a confirmed batch has
            // filled it, what comes next is refused. So publish in batches, each confirmed before the next.
            List<Confirmation> answers = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                int first = batch * 30;
                List<Job> jobs = IntStream.range(first, first + 30).mapToObj(i -> Job.of("job-" + i)).toList();
                List<Confirmation> batchAnswers = publisher.publish("tasks", "task.email", jobs);
                assertThat(batchAnswers).extracting(Confirmation::jobId)
                        .containsExactlyElementsOf(jobs.stream().map(Job::id).toList());
                answers.addAll(batchAnswers);
            }
            long acked = answers.stream().filter(Confirmation::acked).count();
            long nacked = answers.stream().filter(a -> a.status() == Confirmation.Status.NACKED).count();
            assertThat(acked + nacked).isEqualTo(120);
            // The first batch fits the bound of 10; how many of the next batches' jobs the soft bound still takes
            // depends on timing, but past it the broker refuses (nacks) rather than drops: what it confirmed is there.
            assertThat(answers.subList(0, 10)).allMatch(Confirmation::acked);
            assertThat(nacked).as("jobs refused once the queue was full").isPositive();
            assertThat(broker(run).messagesReady("work").getAsLong()).isEqualTo(acked);
            assertThat(loaded(run).messagesReady("work")).hasValue(0); // loaded again: a fresh vhost
            assertThat(broker(run).messagesReady("no-such-queue")).isEmpty();
        }
        try (RunSandbox run = lease(provider); ConfirmedPublisher publisher = loaded(run).publisher()) {
            Confirmation unroutable = publisher.publish("tasks", "nothing.binds.this", Job.of("lost"));
            assertThat(unroutable.status()).isEqualTo(Confirmation.Status.RETURNED);
            assertThat(unroutable.detail()).isEqualTo("NO_ROUTE");
            assertThatThrownBy(() -> publisher.publish("no-such-exchange", "k", Job.of("x")))
                    .isInstanceOf(CheckFailure.class)
                    .hasMessageContaining("RabbitMQ closed the channel: NOT_FOUND - no exchange 'no-such-exchange'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_consumer_that_dies_mid_delivery_has_its_unacked_jobs_delivered_again(Provider provider) {
        try (RunSandbox run = lease(provider)) {
            LabBroker broker = loaded(run);
            try (ConfirmedPublisher publisher = broker.publisher()) {
                assertThat(publisher.publish("tasks", "task.x", IntStream.range(0, 6).mapToObj(i -> Job.of("j" + i))
                        .toList())).allMatch(Confirmation::acked);
            }
            List<String> lost;
            try (ManualAckConsumer dying = broker.consumer("work", 3)) {
                Received first = dying.next(Duration.ofSeconds(10)).orElseThrow();
                dying.ack(first);
                for (int i = 0; i < 3; i++) {
                    dying.next(Duration.ofSeconds(10)).orElseThrow();
                }
                lost = dying.die().stream().map(Received::jobId).toList();
            }
            assertThat(lost).hasSize(3);
            List<Received> again = new ArrayList<>();
            try (ManualAckConsumer next = broker.consumer("work", 10)) {
                for (Optional<Received> r; (r = next.next(Duration.ofSeconds(3))).isPresent(); ) {
                    again.add(r.get());
                    next.ack(r.get());
                }
            }
            assertThat(again).hasSize(5);
            assertThat(again).filteredOn(Received::redelivered).extracting(Received::jobId)
                    .containsExactlyInAnyOrderElementsOf(lost);
            assertThat(again).filteredOn(r -> lost.contains(r.jobId())).allMatch(r -> r.deliveryCount() == 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_job_past_its_delivery_limit_is_dead_lettered_with_the_brokers_record_of_why(Provider provider) {
        try (RunSandbox run = lease(provider)) {
            LabBroker broker = loaded(run);
            try (ConfirmedPublisher publisher = broker.publisher()) {
                assertThat(publisher.publish("tasks", "task.x", Job.of("poison")).acked()).isTrue();
            }
            int deliveries = 0;
            for (int attempt = 0; attempt < 6; attempt++) {
                try (ManualAckConsumer worker = broker.consumer("work", 1)) {
                    Optional<Received> got = worker.next(Duration.ofSeconds(2));
                    if (got.isEmpty()) {
                        break;
                    }
                    deliveries++;
                    assertThat(got.get().deliveryCount()).isEqualTo(attempt);
                    assertThat(worker.die()).extracting(Received::jobId).containsExactly("poison");
                }
            }
            assertThat(deliveries).isEqualTo(3); // the first delivery and x-delivery-limit (2) more
            Optional<Received> dead = Optional.empty();
            for (int i = 0; i < 50 && dead.isEmpty(); i++) {
                dead = broker.take("work.dead");
            }
            assertThat(dead).isPresent();
            assertThat(dead.get().jobId()).isEqualTo("poison");
            assertThat(dead.get().death("work", "delivery_limit")).get().extracting(Received.Death::count)
                    .isEqualTo(1L);
            assertThat(broker.take("no-such-queue")).isEmpty();
        }
    }
}
