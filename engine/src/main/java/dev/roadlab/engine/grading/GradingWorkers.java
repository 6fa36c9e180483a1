package dev.roadlab.engine.grading;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that take submissions from the queue and grade them, each on a virtual thread. A submit in this process
 * wakes one at once, a {@code NOTIFY} from another process (PostgreSQL) too; otherwise they poll. While a worker
 * grades, a heartbeat renews its lease every third of it; a heartbeat that finds the lease lost (another worker took
 * the submission) interrupts that grading, whose result is then refused by the queue anyway.
 */
public final class GradingWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GradingWorkers.class);

    /**
     * @param count         workers in this process
     * @param lease         how long a claim holds without a heartbeat
     * @param poll          time between looks at the queue when nothing woke the workers
     * @param shutdownGrace how long {@link #close()} lets in-flight gradings finish before it hands them back
     */
    public record Settings(int count, Duration lease, Duration poll, Duration shutdownGrace) {

        /** {@code count} workers with a 20 s lease, a 1 s poll and 30 s to finish on shutdown. */
        public static Settings of(int count) {
            return new Settings(count, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /** A grading in flight: its job, the thread grading it, and whether its lease was lost or taken back. */
    private record InFlight(Job job, Thread thread, AtomicBoolean lost, CountDownLatch done) {
    }

    private final GradingQueue queue;
    private final GradingEvents events;
    private final Grader grader;
    private final Settings settings;
    private final MeterRegistry meters;
    private final Semaphore wakeups = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final String process = processName();
    private final QueueListener listener;
    private final java.util.concurrent.atomic.AtomicLong looks = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    /** {@code count} workers with the default settings, no meters and no {@code LISTEN}. */
    public GradingWorkers(GradingQueue queue, GradingEvents events, Grader grader, int count) {
        this(queue, events, grader, Settings.of(count), new SimpleMeterRegistry(), null);
    }

    /**
     * @param events   where each run's progress is recorded for the submission's page
     * @param meters   where grading durations and the gradings in flight are published
     * @param listenOn the PostgreSQL database to {@code LISTEN} on for submissions queued by other processes; null:
     *                 none (H2, or polling only)
     */
    public GradingWorkers(GradingQueue queue, GradingEvents events, Grader grader, Settings settings,
                          MeterRegistry meters, DataSource listenOn) {
        this.queue = queue;
        this.events = events;
        this.grader = grader;
        this.settings = settings;
        this.meters = meters;
        Gauge.builder("roadlab.grading.in.flight", inFlight, Map::size)
                .description("Gradings this process is running now").strongReference(true).register(meters);
        this.listener = listenOn == null ? null : new QueueListener(listenOn, GradingQueue.CHANNEL,
                () -> wakeups.release(Math.max(1, settings.count())));
        for (int i = 0; i < settings.count(); i++) {
            String name = process + ":" + i;
            threads.add(Thread.ofVirtual().name("grader-" + name).start(() -> work(name)));
        }
    }

    /** The pid and host, so that an admin (or a test) reading lease_owner knows which process holds a job. */
    private static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        String name = ProcessHandle.current().pid() + "@" + (host.length() > 30 ? host.substring(0, 30) : host);
        return name + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    /** This process's prefix of its workers' lease owner names: {@code pid@host-xxxx}. */
    public String process() {
        return process;
    }

    /** A submission was queued: let a worker look now rather than at its next poll. */
    public void wake() {
        wakeups.release();
    }

    /** Whether the {@code LISTEN} connection is up (false without one). */
    public boolean listening() {
        return listener != null && listener.listening();
    }

    /** How many times the workers have looked at the queue (for tests that tell a wake-up from a poll). */
    long looks() {
        return looks.get();
    }

    private void work(String name) {
        while (running) {
            try {
                Optional<Job> job = queue.claim(name, settings.lease());
                looks.incrementAndGet();
                if (job.isEmpty()) {
                    wakeups.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                } else if (!running) {
                    queue.release(job.get()); // claimed as the shutdown began: not ours to start
                } else {
                    grade(job.get());
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("grading worker {} hit an error; carrying on", name, e);
                pause();
            }
        }
    }

    private void grade(Job job) {
        InFlight flight = new InFlight(job, Thread.currentThread(), new AtomicBoolean(), new CountDownLatch(1));
        inFlight.put(job.submissionId(), flight);
        Thread heartbeat = Thread.ofVirtual().name("heartbeat-" + job.submissionId()).start(() -> heartbeat(flight));
        long started = System.nanoTime();
        GradeReport report;
        try {
            report = grader.grade(job.labId(), job.submission(), events.recorder(job.submissionId()), job.earlier());
        } catch (RuntimeException e) {
            if (flight.lost().get()) {
                report = null;
            } else {
                LOG.error("grading {} ({}) failed", job.submissionId(), job.labId(), e);
                int max = grader.labs().find(job.labId()).map(Lab::maxScore).orElse(0);
                report = GradeReport.withoutChecks(job.labId(), Verdict.INFRASTRUCTURE, max,
                        "Grading failed on our side; this attempt does not count.", null, 1);
            }
        } finally {
            flight.done().countDown();
            inFlight.remove(job.submissionId());
        }
        try {
            heartbeat.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread.interrupted(); // an interrupt meant for the grading must not stop the next claim
        if (report == null || flight.lost().get()) {
            LOG.warn("lease on {} was lost while grading; its result was discarded", job.submissionId());
            return;
        }
        GradingQueue.Ending ending = queue.end(job, report);
        Timer.builder("roadlab.grading.duration").description("Time to grade a submission, by lab and verdict")
                .tag("lab", job.labId()).tag("verdict", report.verdict().wireName())
                .publishPercentileHistogram().register(meters).record(Duration.ofNanos(System.nanoTime() - started));
        switch (ending) {
            case LOST -> LOG.warn("lease on {} was lost before grading finished; its report was discarded",
                    job.submissionId());
            case RETRYING -> events.retryingLater(job.submissionId(), "Grading failed on our side ("
                    + report.message() + "); it will be tried again shortly. This attempt does not count.");
            default -> { }
        }
    }

    /** Renews the lease every third of it until the grading ends; on a lost lease, stops the grading. */
    private void heartbeat(InFlight flight) {
        Duration every = settings.lease().dividedBy(3);
        try {
            while (!flight.done().await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                boolean held;
                try {
                    held = queue.heartbeat(flight.job(), settings.lease());
                } catch (RuntimeException e) {
                    // The database may be back before the lease lapses; if not, the fence refuses our report.
                    LOG.warn("heartbeat of {} failed; trying again", flight.job().submissionId(), e);
                    continue;
                }
                if (!held) {
                    LOG.warn("lease on {} was lost (another worker has it, or it was handed back); stopping its grading",
                            flight.job().submissionId());
                    flight.lost().set(true);
                    flight.thread().interrupt();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause() {
        try {
            wakeups.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming at once, lets the gradings in flight finish within the shutdown grace, then hands those still
     * running back to the queue (their try not counted) for another worker, and stops.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        if (listener != null) {
            listener.close();
        }
        wakeups.release(threads.size() + 1);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (InFlight flight : List.copyOf(inFlight.values())) {
            flight.lost().set(true);
            if (queue.release(flight.job())) {
                LOG.info("handed {} back to the queue on shutdown; another worker will grade it",
                        flight.job().submissionId());
            }
            flight.thread().interrupt();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
