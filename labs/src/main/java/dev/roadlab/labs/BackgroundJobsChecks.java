package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.rabbitmq.Confirmation;
import dev.roadlab.grader.rabbitmq.ConfirmedPublisher;
import dev.roadlab.grader.rabbitmq.Job;
import dev.roadlab.grader.rabbitmq.LabBroker;
import dev.roadlab.grader.rabbitmq.ManualAckConsumer;
import dev.roadlab.grader.rabbitmq.Received;
import dev.roadlab.grader.rabbitmq.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Checks of the background-jobs lab: definitions.json declares, in a RabbitMQ vhost of its own, the pipeline of an
 * emails job queue. The grader plays the producers and the workers, as the lab's README describes them, and judges
 * by what the broker answered and recorded (confirms, redelivered flags, x-delivery-count, x-death), never by how
 * long anything took: the waits below only bound how long the grader listens.
 */
@LabChecks
public class BackgroundJobsChecks {

    static final String FILE = "definitions.json";
    static final String EXCHANGE = "jobs";
    static final String RETRY_EXCHANGE = "jobs.retry";
    static final String ROUTING_KEY = "email";
    static final String QUEUE = "emails";
    static final String DEAD_LETTERS = "emails.dead";

    static final int JOBS = 1_000;
    /** The delivery limits the contract allows: a poison job is delivered 2 to 10 times. */
    static final int MIN_DELIVERY_LIMIT = 1;
    static final int MAX_DELIVERY_LIMIT = 9;
    /** The retry delay the contract asks for, in ms. */
    static final long MIN_DELAY = 1_000;
    static final long MAX_DELAY = 5_000;
    /** The bound the contract asks for, in jobs. */
    static final long MIN_BOUND = 1_000;
    static final long MAX_BOUND = 5_000;

    /** How long the grader listens for a delivery before it takes "nothing more comes" for an answer. */
    static final Duration QUIET = Duration.ofSeconds(3);

    @Check(order = 1, points = 4, title = "1,000 jobs, a worker crashing among them: none lost, every one processed",
            hint = "A job is safe once the broker has confirmed it, and done once a worker has acked it. What in your "
                    + "topology must exist, and route, for a confirmed job to wait for a worker?",
            laterHints = "Declare the exchange jobs, a durable queue emails and a binding from jobs to emails for "
                    + "the routing key email. A confirmed job is then on a durable queue, and a worker's ack is "
                    + "what removes it.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void no_job_is_lost_and_every_job_is_processed(LabBroker broker) {
        loadDefinitions(broker);
        List<Job> jobs = IntStream.range(0, JOBS).mapToObj(i -> Job.of(String.format(Locale.ROOT, "job-%04d", i)))
                .toList();
        try (ConfirmedPublisher producer = broker.publisher()) {
            requireAllAcked(producer.publish(EXCHANGE, ROUTING_KEY, jobs), "of 1,000 jobs");
        }
        Set<String> done = new TreeSet<>();
        List<Received> lost;
        try (ManualAckConsumer crashing = broker.consumer(QUEUE, 10);
             ManualAckConsumer worker = broker.consumer(QUEUE, 20)) {
            for (int i = 0; i < 10; i++) {
                if (crashing.next(QUIET).isEmpty()) {
                    break;
                }
            }
            lost = crashing.die();
            for (Optional<Received> job; done.size() < JOBS && (job = worker.next(QUIET)).isPresent(); ) {
                done.add(job.get().jobId());
                worker.ack(job.get());
            }
        }
        List<String> missing = jobs.stream().map(Job::id).filter(id -> !done.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new CheckFailure("RabbitMQ confirmed all 1,000 jobs, a worker crashed holding " + lost.size()
                    + " of them unacked, and the other worker got " + number(done.size()) + " before nothing came "
                    + "for " + QUIET.toSeconds() + " s: " + number(missing.size()) + " confirmed jobs were never "
                    + "processed, e.g. " + sample(missing) + ".");
        }
    }

    @Check(order = 2, points = 3, title = "A crashed worker's unacked jobs are delivered again",
            hint = "An unacked delivery belongs to the worker's connection until that connection goes. Does your "
                    + "queue outlive the last consumer that leaves it?",
            laterHints = "A durable queue that is neither exclusive nor auto-delete outlives every consumer, and "
                    + "RabbitMQ puts a dead connection's unacked deliveries back on it for the next worker.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void a_crashed_workers_jobs_are_delivered_again(LabBroker broker) {
        loadDefinitions(broker);
        List<Job> jobs = IntStream.range(0, 20).mapToObj(i -> Job.of("held-" + i)).toList();
        try (ConfirmedPublisher producer = broker.publisher()) {
            requireAllAcked(producer.publish(EXCHANGE, ROUTING_KEY, jobs), "of 20 jobs");
        }
        List<String> held;
        try (ManualAckConsumer crashing = broker.consumer(QUEUE, 5)) {
            for (int i = 0; i < 5; i++) {
                if (crashing.next(QUIET).isEmpty()) {
                    break;
                }
            }
            held = crashing.die().stream().map(Received::jobId).toList();
        }
        if (held.isEmpty()) {
            throw new CheckFailure("A worker subscribed to " + QUEUE + " with a prefetch of 5 got no job within "
                    + QUIET.toSeconds() + " s of 20 confirmed ones.");
        }
        List<Received> again = new ArrayList<>();
        try (ManualAckConsumer worker = broker.consumer(QUEUE, 20)) {
            for (Optional<Received> job; again.size() < jobs.size() && (job = worker.next(QUIET)).isPresent(); ) {
                again.add(job.get());
                worker.ack(job.get());
            }
        }
        List<String> redelivered = again.stream().filter(Received::redelivered).map(Received::jobId).toList();
        List<String> notAgain = held.stream().filter(id -> !redelivered.contains(id)).toList();
        if (!notAgain.isEmpty()) {
            throw new CheckFailure("A worker crashed (its connection dropped) holding " + held.size() + " unacked "
                    + "jobs: " + String.join(", ", held) + ". The next worker on " + QUEUE + " got " + again.size()
                    + " jobs, and never, as a redelivery, " + String.join(", ", notAgain) + ".");
        }
    }

    @Check(order = 3, points = 4, title = "A poison job ends in emails.dead after exactly its delivery limit",
            hint = "A job that crashes every worker it reaches comes back every time its worker dies. Who counts "
                    + "those deliveries, which queue type can, and where does the job go once the count is reached?",
            laterHints = "A quorum queue counts deliveries: with x-delivery-limit and x-dead-letter-exchange (or "
                    + "delivery-limit and dead-letter-exchange in a policy), a job over the limit goes to that "
                    + "exchange, which must route it to emails.dead.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void a_poison_job_is_dead_lettered_after_its_delivery_limit(LabBroker broker) {
        loadDefinitions(broker);
        Topology.QueueFact queue = workQueue(broker.topology());
        OptionalLong limit = queue.number("delivery-limit");
        if (limit.isPresent() && (limit.getAsLong() < MIN_DELIVERY_LIMIT || limit.getAsLong() > MAX_DELIVERY_LIMIT)) {
            throw new CheckFailure(queue.describe() + " has a delivery limit of " + limit.getAsLong() + "; the contract "
                    + "asks for " + MIN_DELIVERY_LIMIT + " to " + MAX_DELIVERY_LIMIT + " redeliveries before a job is "
                    + "given up.");
        }
        try (ConfirmedPublisher producer = broker.publisher()) {
            requireAllAcked(List.of(producer.publish(EXCHANGE, ROUTING_KEY, Job.of("poison"))), "of the poison job");
        }
        int cap = MAX_DELIVERY_LIMIT + 3;
        List<Long> counts = new ArrayList<>();
        Optional<Received> dead = Optional.empty();
        while (counts.size() < cap && dead.isEmpty()) {
            try (ManualAckConsumer worker = broker.consumer(QUEUE, 1)) {
                // Listen on emails and look in emails.dead in turns, so the end is seen when it comes.
                Optional<Received> job = Optional.empty();
                long deadline = System.nanoTime() + QUIET.toNanos();
                while (job.isEmpty() && dead.isEmpty() && System.nanoTime() < deadline) {
                    job = worker.next(Duration.ofMillis(100));
                    if (job.isEmpty()) {
                        dead = broker.take(DEAD_LETTERS).filter(r -> r.jobId().equals("poison"));
                    }
                }
                if (job.isEmpty()) {
                    break;
                }
                counts.add(job.get().deliveryCount());
                worker.die(); // the poison job crashes its worker
            }
        }
        if (counts.size() >= cap) {
            throw new CheckFailure("The poison job crashed its worker " + cap + " times in a row and was delivered "
                    + "again each time (x-delivery-count " + counts + "): nothing stops it, so it would crash workers "
                    + "forever. " + queue.describe() + ".");
        }
        if (dead.isEmpty()) {
            throw new CheckFailure("The poison job was delivered " + counts.size() + " times, then " + QUEUE
                    + " let it go, but it never reached " + DEAD_LETTERS + ": it was dropped, and with it the only "
                    + "record of what failed. " + queue.describe() + ".");
        }
        Optional<Received.Death> death = dead.get().death(QUEUE, "delivery_limit");
        if (death.isEmpty() || limit.isEmpty() || counts.size() != limit.getAsLong() + 1) {
            throw new CheckFailure("The poison job reached " + DEAD_LETTERS + " after " + counts.size()
                    + " deliveries with x-death " + dead.get().deaths() + "; a delivery limit of "
                    + (limit.isPresent() ? limit.getAsLong() : "(none)") + " on " + QUEUE + " means "
                    + (limit.isPresent() ? (limit.getAsLong() + 1) + " deliveries, " : "")
                    + "then a dead-lettering for reason delivery_limit.");
        }
    }

    @Check(order = 4, points = 4, title = "A failed job is retried after its delay, and not before",
            hint = "A job republished for a retry must wait somewhere nobody consumes, for a time the broker keeps, "
                    + "and then be routed back to the work queue by the broker itself. Which queue argument makes "
                    + "messages leave a queue after a while, and where do they go then?",
            laterHints = "A retry queue that nobody consumes, bound to jobs.retry, with x-message-ttl and an "
                    + "x-dead-letter-exchange that routes back to emails: the broker holds the job for the TTL, "
                    + "then delivers it again, its x-death saying how often.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void a_failed_job_is_retried_after_its_delay_and_not_before(LabBroker broker) {
        loadDefinitions(broker);
        Topology topology = broker.topology();
        Job flaky = Job.of("flaky");
        try (ConfirmedPublisher producer = broker.publisher();
             ManualAckConsumer worker = broker.consumer(QUEUE, 1)) {
            requireAllAcked(List.of(producer.publish(EXCHANGE, ROUTING_KEY, flaky)), "of the job");
            Received first = worker.next(QUIET).orElseThrow(() -> new CheckFailure("A confirmed job never reached a "
                    + "worker on " + QUEUE + "."));
            Confirmation retry = producer.publish(RETRY_EXCHANGE, ROUTING_KEY, flaky);
            if (!retry.acked()) {
                throw new CheckFailure("The worker failed the job and republished it to " + RETRY_EXCHANGE + " with "
                        + "routing key " + ROUTING_KEY + ": RabbitMQ " + describe(retry) + ". Queues it reaches: "
                        + topology.queuesReached(RETRY_EXCHANGE, ROUTING_KEY) + ".");
            }
            worker.ack(first);
            Duration listen = Duration.ofMillis(MAX_DELAY).plus(QUIET);
            Received back = worker.next(listen).orElseThrow(() -> new CheckFailure("The job republished to "
                    + RETRY_EXCHANGE + " did not come back to " + QUEUE + " within " + listen.toSeconds() + " s; the "
                    + "contract asks for a retry after " + MIN_DELAY / 1000 + " to " + MAX_DELAY / 1000 + " s. "
                    + "From " + RETRY_EXCHANGE + " it reaches " + topology.queuesReached(RETRY_EXCHANGE, ROUTING_KEY)
                    + "."));
            worker.ack(back);
            Optional<Received.Death> waited = back.deaths().stream().filter(d -> d.reason().equals("expired"))
                    .findFirst();
            if (waited.isEmpty()) {
                throw new CheckFailure("The job republished to " + RETRY_EXCHANGE + " came back to " + QUEUE
                        + " without ever having expired from a queue (its x-death: " + back.deaths() + "): it was "
                        + "retried at once, not after a delay. From " + RETRY_EXCHANGE + " it reaches "
                        + topology.queuesReached(RETRY_EXCHANGE, ROUTING_KEY) + ".");
            }
            String delayQueue = waited.get().queue();
            OptionalLong ttl = topology.queue(delayQueue).map(q -> q.number("message-ttl"))
                    .orElse(OptionalLong.empty());
            if (ttl.isEmpty() || ttl.getAsLong() < MIN_DELAY || ttl.getAsLong() > MAX_DELAY
                    || waited.get().count() != 1) {
                throw new CheckFailure("The job came back after expiring " + waited.get().count() + " time(s) from "
                        + delayQueue + ", whose message TTL is " + (ttl.isPresent() ? number(ttl.getAsLong()) + " ms"
                        : "not a queue setting") + "; the contract asks for one wait of " + number(MIN_DELAY)
                        + " to " + number(MAX_DELAY) + " ms.");
            }
        }
    }

    @Check(order = 5, points = 2, title = "emails survives a broker restart: durable, and a quorum queue",
            hint = "Which queue type keeps its messages, replicated, through a node's restart, and which setting "
                    + "keeps a queue itself?",
            laterHints = "Declare emails with durable: true and the argument x-queue-type: quorum.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void emails_survives_a_broker_restart(LabBroker broker) {
        loadDefinitions(broker);
        Topology.QueueFact queue = workQueue(broker.topology());
        if (!queue.durable()) {
            throw new CheckFailure(queue.describe() + ": a queue that is not durable is gone after a broker restart, "
                    + "with every job in it.");
        }
        if (!queue.isQuorum()) {
            throw new CheckFailure(queue.describe() + ": a " + queue.type() + " queue keeps its jobs on one node; the "
                    + "contract asks for a quorum queue, replicated, that keeps them through a node's restart.");
        }
    }

    @Check(order = 6, points = 3, title = "A full emails queue refuses jobs, and the producer is told",
            hint = "When a queue reaches its bound, the broker either makes room by dropping the oldest job, or "
                    + "refuses the new one, which a producer with confirms hears about. Which one loses a job the "
                    + "producer thinks is safe?",
            laterHints = "x-max-length with x-overflow: reject-publish makes the broker nack a job it has no room "
                    + "for, and a producer with confirms hears it and can slow down or retry.",
            teaches = "#jobs-on-a-broker-acks-dead-letters-and-delayed-retries")
    void a_full_queue_refuses_jobs_and_the_producer_is_told(LabBroker broker) {
        loadDefinitions(broker);
        Topology.QueueFact queue = workQueue(broker.topology());
        OptionalLong bound = queue.number("max-length");
        if (bound.isEmpty()) {
            throw new CheckFailure(queue.describe() + " has no bound (x-max-length, or max-length in a policy): when "
                    + "workers fall behind, it grows until the broker runs out of memory or disk and blocks every "
                    + "producer.");
        }
        if (bound.getAsLong() < MIN_BOUND || bound.getAsLong() > MAX_BOUND) {
            throw new CheckFailure(queue.describe() + " holds at most " + number(bound.getAsLong()) + " jobs; the "
                    + "contract asks for room for " + number(MIN_BOUND) + " to " + number(MAX_BOUND) + ".");
        }
        // A quorum queue's bound is soft: jobs in flight while it fills are taken. Batches, each confirmed before the
        // next, fill it; the batch after the one that filled it must be refused.
        long acked = 0;
        long nacked = 0;
        long limit = 2 * bound.getAsLong() + 1_000;
        int batch = 500;
        try (ConfirmedPublisher producer = broker.publisher()) {
            for (int sent = 0; sent < limit && nacked == 0; sent += batch) {
                int from = sent;
                List<Job> jobs = IntStream.range(from, from + batch).mapToObj(i -> Job.of("fill-" + i)).toList();
                for (Confirmation c : producer.publish(EXCHANGE, ROUTING_KEY, jobs)) {
                    switch (c.status()) {
                        case ACKED -> acked++;
                        case NACKED -> nacked++;
                        case RETURNED -> throw new CheckFailure("RabbitMQ returned a job published to " + EXCHANGE
                                + " with routing key " + ROUTING_KEY + ": no queue took it (" + c.detail() + ").");
                    }
                }
            }
        }
        long held = broker.messagesReady(QUEUE).orElse(0);
        if (held < acked) {
            throw new CheckFailure("RabbitMQ confirmed " + number(acked) + " jobs to the producer, but " + QUEUE
                    + " holds " + number(held) + ": it made room by dropping " + number(acked - held) + " jobs the "
                    + "producer had been told were safe. " + queue.describe() + ".");
        }
        if (nacked == 0) {
            throw new CheckFailure("RabbitMQ confirmed all " + number(acked) + " jobs published without a worker, "
                    + "though " + queue.describe() + " is bounded to " + number(bound.getAsLong()) + ": the producer "
                    + "was never told to slow down.");
        }
    }

    /**
     * Loads the submission's definitions into the run's vhost. Definitions that declare no queue at all (the
     * starter's) fail every check the same way, with a hint about where to begin rather than about a design that
     * does not exist yet.
     */
    private static void loadDefinitions(LabBroker broker) {
        broker.loadDefinitions(FILE);
        if (broker.topology().queues().isEmpty()) {
            throw new CheckFailure(FILE + " declares no queue yet, so no job has anywhere to wait for a worker.",
                    "Start with the path a job takes: the exchange " + EXCHANGE + ", the queue " + QUEUE + " and a "
                            + "binding between them for the routing key " + ROUTING_KEY + ", as the README draws it. "
                            + "Each check then looks at one promise that topology must keep.");
        }
    }

    private static Topology.QueueFact workQueue(Topology topology) {
        return topology.queue(QUEUE).orElseThrow(() -> new CheckFailure("There is no queue " + QUEUE + " (the vhost "
                + "holds " + (topology.queues().isEmpty() ? "no queues" : "the queues " + topology.queueNames())
                + ")."));
    }

    /** Every job must be confirmed: a refused or unroutable one here is not the scenario the check is about. */
    private static void requireAllAcked(List<Confirmation> answers, String what) {
        List<Confirmation> notAcked = answers.stream().filter(c -> !c.acked()).toList();
        if (!notAcked.isEmpty()) {
            Confirmation first = notAcked.getFirst();
            throw new CheckFailure("Publishing to " + EXCHANGE + " with routing key " + ROUTING_KEY + ": RabbitMQ did "
                    + "not accept " + notAcked.size() + " " + what + "; for " + first.jobId() + " it "
                    + describe(first) + ".");
        }
    }

    private static String describe(Confirmation answer) {
        return switch (answer.status()) {
            case ACKED -> "confirmed it";
            case NACKED -> "refused it (nack)";
            case RETURNED -> "returned it: no queue took it (" + answer.detail() + ")";
        };
    }

    private static String sample(List<String> ids) {
        List<String> shown = new ArrayList<>(new LinkedHashSet<>(ids)).subList(0, Math.min(5, ids.size()));
        return String.join(", ", shown) + (ids.size() > shown.size() ? ", …" : "");
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
