package dev.roadlab.engine.bench;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.engine.submissions.SubmissionView;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.submission.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Measures grading as a learner meets it, from accepted (the submission stored and queued) to report (stored
 * done), through a running Roadlab: its queue, its workers, its grader and sandboxes. The lab's reference and
 * starter alternate, so both a passing and a failing run are in every figure.
 */
public final class GradingBenchmark {

    private final Roadlab roadlab;
    private final Lab lab;
    private final Consumer<String> progress;

    public GradingBenchmark(Roadlab roadlab, String labId, Consumer<String> progress) {
        this.roadlab = roadlab;
        this.lab = roadlab.labs().get(labId);
        this.progress = progress;
    }

    /**
     * One measured grading.
     *
     * @param latency  accepted to report
     * @param report   the report (its timings split the latency)
     */
    public record Sample(Duration latency, GradeReport report) {
    }

    private Submission submission(int i) {
        return i % 2 == 0 ? lab.solution() : lab.starter();
    }

    /** Gradings one at a time, each on a sandbox started for it (new server, template built again). */
    public List<Sample> cold(int runs) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            roadlab.grader().pool().discardAll();
            samples.add(gradeOne(submission(i)));
            progress.accept("cold " + (i + 1) + "/" + runs);
        }
        return samples;
    }

    /** Gradings one at a time on warm sandboxes (after one unmeasured grading warms them). */
    public List<Sample> warm(int runs) {
        gradeOne(lab.solution());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(gradeOne(submission(i)));
            progress.accept("warm " + (i + 1) + "/" + runs);
        }
        return samples;
    }

    /**
     * Gradings on warm sandboxes, {@code parallel} at a time (submitted together, the next batch when all are done),
     * after one unmeasured batch warms the sandboxes and the JIT.
     */
    public List<Sample> warm(int runs, int parallel) {
        if (parallel <= 1) {
            return warm(runs);
        }
        batch(0, parallel);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i += parallel) {
            samples.addAll(batch(i, Math.min(parallel, runs - i)));
            progress.accept("warm " + samples.size() + "/" + runs + " (" + parallel + " at once)");
        }
        return samples;
    }

    private List<Sample> batch(int first, int size) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(roadlab.submissions().submit(lab.id(), submission(first + i),
                    dev.roadlab.engine.accounts.Caller.nobody("bench")));
        }
        List<Sample> samples = new ArrayList<>();
        for (String id : ids) {
            SubmissionView done = await(id);
            samples.add(new Sample(Duration.between(done.createdAt(), done.finishedAt().orElseThrow()),
                    done.report().orElseThrow()));
        }
        return samples;
    }

    /**
     * {@code count} submissions queued at once and graded by the server's workers.
     *
     * @return gradings per minute, from the first accepted to the last report
     */
    public double throughputPerMinute(int count) {
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(roadlab.submissions().submit(lab.id(), submission(i), dev.roadlab.engine.accounts.Caller.nobody("bench")));
        }
        for (String id : ids) {
            await(id);
        }
        double minutes = Duration.between(started, Instant.now()).toNanos() / 60e9;
        progress.accept("throughput: " + count + " gradings");
        return count / minutes;
    }

    private Sample gradeOne(Submission submission) {
        String id = roadlab.submissions().submit(lab.id(), submission, dev.roadlab.engine.accounts.Caller.nobody("bench"));
        SubmissionView done = await(id);
        Duration latency = Duration.between(done.createdAt(), done.finishedAt().orElseThrow());
        return new Sample(latency, done.report().orElseThrow());
    }

    private SubmissionView await(String id) {
        Instant deadline = Instant.now().plus(lab.definition().limits().run().multipliedBy(3));
        while (Instant.now().isBefore(deadline)) {
            SubmissionView view = roadlab.submissions().find(id, dev.roadlab.engine.accounts.Caller.nobody("bench")).orElseThrow();
            if (view.status() == SubmissionStatus.DONE) {
                return view;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("submission " + id + " was not graded in time");
    }
}
