package dev.roadlab.engine.grading;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that take submissions from the queue and grade them, each on a virtual thread. A submit wakes one at
 * once; otherwise they poll, so work queued by another process is picked up too.
 */
public final class GradingWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GradingWorkers.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final GradingQueue queue;
    private final GradingEvents events;
    private final Grader grader;
    private final Duration lease;
    private final Semaphore wakeups = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final String process = UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running = true;

    /** @param events where each run's progress is recorded for the submission's page */
    public GradingWorkers(GradingQueue queue, GradingEvents events, Grader grader, int count) {
        this.queue = queue;
        this.events = events;
        this.grader = grader;
        this.lease = leaseFor(grader);
        for (int i = 0; i < count; i++) {
            String name = "grader-" + process + "-" + i;
            threads.add(Thread.ofVirtual().name(name).start(() -> work(name)));
        }
    }

    /** Long enough for the slowest lab's run and its one retry, with room to spare. */
    private static Duration leaseFor(Grader grader) {
        Duration longest = grader.labs().all().stream().map(l -> l.definition().limits().run())
                .max(Duration::compareTo).orElse(Duration.ofMinutes(2));
        return longest.multipliedBy(2).plusSeconds(60);
    }

    /** A submission was queued: let a worker look now rather than at its next poll. */
    public void wake() {
        wakeups.release();
    }

    private void work(String name) {
        while (running) {
            try {
                Optional<Job> job = queue.claim(name, lease);
                if (job.isPresent()) {
                    grade(job.get());
                } else {
                    wakeups.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("grading worker {} hit an error; carrying on", name, e);
                sleepQuietly();
            }
        }
    }

    private void grade(Job job) {
        GradeReport report;
        try {
            report = grader.grade(job.labId(), job.submission(), events.recorder(job.submissionId()), job.earlier());
        } catch (RuntimeException e) {
            LOG.error("grading {} ({}) failed", job.submissionId(), job.labId(), e);
            int max = grader.labs().find(job.labId()).map(Lab::maxScore).orElse(0);
            report = GradeReport.withoutChecks(job.labId(), Verdict.INFRASTRUCTURE, max,
                    "Grading failed on our side; this attempt does not count.", null, 1);
        }
        if (!queue.finish(job, report)) {
            LOG.warn("lease on {} was lost before grading finished; its report was discarded", job.submissionId());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
