package dev.roadlab.grader.run;

import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check's verdict and message, decided from how it ended.
 *
 * @param verdict  what the learner is told
 * @param message  what was observed
 * @param showHint whether a hint helps here (not when the check could not run for another's reason)
 * @param hint     the hint that fits what the check saw, or null for the check's declared one
 * @param laterHints stronger hints for what the check saw, or empty for the check's declared ones
 * @param found    a title that says what the check found instead of what it declares, or null
 */
record Outcome(Verdict verdict, String message, boolean showHint, String hint, List<String> laterHints,
               String found) {

    Outcome(Verdict verdict, String message) {
        this(verdict, message, true, null, List.of(), null);
    }

    Outcome(Verdict verdict, String message, boolean showHint) {
        this(verdict, message, showHint, null, List.of(), null);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Outcome.class);

    static Outcome of(TestExecutionResult result, RunContext run) {
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return new Outcome(Verdict.PASSED, "");
        }
        return result.getThrowable().map(t -> of(t, run))
                .orElseGet(() -> new Outcome(Verdict.INFRASTRUCTURE, "The check ended without a result.", false));
    }

    static Outcome of(Throwable t, RunContext run) {
        if (t instanceof CheckTimeoutException) {
            return new Outcome(Verdict.TIMEOUT, t.getMessage());
        }
        if (t instanceof SubmissionError e) {
            return new Outcome(Verdict.ERROR, e.getMessage(), !e.dependent());
        }
        if (t instanceof SandboxUnavailableException) {
            return new Outcome(Verdict.INFRASTRUCTURE, "A sandbox was not available: " + t.getMessage(), false);
        }
        if (t instanceof CheckFailure f) {
            return new Outcome(Verdict.FAILED, f.getMessage() == null ? "The expectation did not hold." : f.getMessage(),
                    true, f.hint(), f.laterHintList(), f.foundTitle());
        }
        if (t instanceof AssertionError) {
            return new Outcome(Verdict.FAILED, LearnerWording.of((AssertionError) t));
        }
        java.util.Optional<Fault> fault = run.classify(t);
        if (fault.isPresent()) {
            return switch (fault.get()) {
                case Fault.Learners l -> new Outcome(l.verdict(), l.message(), l.showHint());
                case Fault.Ours o -> new Outcome(Verdict.INFRASTRUCTURE, o.message(), false);
            };
        }
        LOG.error("check of {} crashed", run.lab().id(), t);
        return new Outcome(Verdict.INFRASTRUCTURE, "The check itself crashed (our fault, not yours): "
                + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), false);
    }
}
