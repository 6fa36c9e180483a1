package dev.roadlab.grader.run;

import dev.roadlab.grader.lab.CheckInfo;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Turns JUnit's execution events into one {@link CheckResult} per declared check, telling the listener as they come.
 * A check that passes may still say what it saw: what it publishes with JUnit's {@code TestReporter} under
 * {@value #MESSAGE} becomes its message (a failure's own message always wins).
 */
final class ResultCollector implements TestExecutionListener {

    static final String MESSAGE = "message";

    private final Lab lab;
    private final RunContext run;
    private final GradeListener listener;
    private final EarlierAttempts earlier;
    private final Map<String, CheckResult> results = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private volatile Outcome containerFailure;
    private volatile long firstCheckStarted;

    ResultCollector(Lab lab, RunContext run, GradeListener listener, EarlierAttempts earlier) {
        this.lab = lab;
        this.run = run;
        this.listener = listener;
        this.earlier = earlier;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            long now = System.nanoTime();
            if (firstCheckStarted == 0) {
                firstCheckStarted = now;
            }
            startedAt.put(id.getUniqueId(), now);
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String message = entry.getKeyValuePairs().get(MESSAGE);
        if (id.isTest() && message != null) {
            published.put(id.getUniqueId(), message);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        methodName(id).ifPresent(skipped::add);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && containerFailure == null) {
                containerFailure = Outcome.of(result, run);
            }
            return;
        }
        Long started = startedAt.get(id.getUniqueId());
        long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        methodName(id).flatMap(this::info).ifPresent(info -> {
            Outcome outcome = Outcome.of(result, run);
            String said = published.remove(id.getUniqueId());
            if (outcome.verdict() == Verdict.PASSED && said != null) {
                outcome = new Outcome(Verdict.PASSED, said);
            }
            CheckResult check = toResult(info, outcome, millis);
            results.put(info.methodName(), check);
            listener.checkFinished(check, results.size(), lab.checks().size());
        });
    }

    /** {@link System#nanoTime()} when the first check started, 0 when none did. */
    long firstCheckStarted() {
        return firstCheckStarted;
    }

    /** Every declared check, in order; checks that never ran take the class's failure or the run's timeout. */
    List<CheckResult> results(boolean runExpired) {
        List<CheckResult> all = new ArrayList<>();
        Set<String> reported = new HashSet<>(results.keySet());
        for (CheckInfo info : lab.checks()) {
            CheckResult result = results.get(info.methodName());
            if (result == null) {
                if (skipped.contains(info.methodName())) {
                    continue;
                }
                Outcome outcome = runExpired
                        ? new Outcome(Verdict.TIMEOUT, "Not run: the run reached its "
                                + RunContext.seconds(lab.definition().limits().run()) + " limit first.")
                        : containerFailure != null ? containerFailure
                        : new Outcome(Verdict.INFRASTRUCTURE, "Not run.", false);
                result = toResult(info, outcome, 0);
                if (!reported.contains(info.methodName())) {
                    listener.checkFinished(result, reported.size() + 1, lab.checks().size());
                    reported.add(info.methodName());
                }
            }
            all.add(result);
        }
        return all;
    }

    /**
     * The check's result as the learner reads it: the hint that fits what it saw, one step further for each earlier
     * attempt at which it failed, and the title that says what it found when that is not what it declares.
     */
    private CheckResult toResult(CheckInfo info, Outcome outcome, long millis) {
        boolean passed = outcome.verdict() == Verdict.PASSED;
        List<String> hints = passed || !outcome.showHint() || outcome.verdict() == Verdict.INFRASTRUCTURE ? List.of()
                : hints(info, outcome);
        int step = earlier.stepFor(info.id(), hints.size());
        String title = passed || outcome.found() == null ? info.title() : outcome.found();
        return new CheckResult(info.id(), title, outcome.verdict(), passed ? info.points() : 0, info.points(),
                outcome.message(), hints.isEmpty() ? "" : hints.get(step), millis, info.title(),
                hints.isEmpty() ? 0 : step + 1, hints.size(), info.teaches());
    }

    /** The hints that fit the outcome, first nudge first: a failure's own, or else the check's declared ones. */
    private static List<String> hints(CheckInfo info, Outcome outcome) {
        List<String> hints = new ArrayList<>();
        boolean own = outcome.hint() != null;
        String first = own ? outcome.hint() : info.hint();
        if (!first.isBlank()) {
            hints.add(first);
        }
        hints.addAll(own || !outcome.laterHints().isEmpty() ? outcome.laterHints() : info.laterHints());
        return hints;
    }

    private Optional<CheckInfo> info(String methodName) {
        return lab.checks().stream().filter(c -> c.methodName().equals(methodName)).findFirst();
    }

    private static Optional<String> methodName(TestIdentifier id) {
        return id.getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName());
    }
}
