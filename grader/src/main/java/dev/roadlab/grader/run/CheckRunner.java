package dev.roadlab.grader.run;

import dev.roadlab.grader.check.CheckEnvironment;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a lab's checks class through the JUnit Platform Launcher in a session of its own (which carries the
 * {@link RunContext}), on a thread of its own, under the run's wall-clock limit.
 */
final class CheckRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** Only Jupiter, and nothing found on the class path: a run sees exactly the lab's checks class. */
    private static final LauncherConfig LAUNCHER_CONFIG = LauncherConfig.builder()
            .enableTestEngineAutoRegistration(false)
            .enableLauncherSessionListenerAutoRegistration(false)
            .enableLauncherDiscoveryListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .enableTestExecutionListenerAutoRegistration(false)
            .addTestEngines(new JupiterTestEngine())
            .build();

    private CheckRunner() {
    }

    /**
     * What a run of the checks gave.
     *
     * @param results       one per declared check, in order
     * @param setupNanos    from the start of the run to the first check's start (all of it when no check started)
     */
    record Ran(List<CheckResult> results, long setupNanos) {
    }

    static Ran run(Lab lab, RunContext context, GradeListener listener, EarlierAttempts earlier) {
        long started = System.nanoTime();
        ResultCollector collector = new ResultCollector(lab, context, listener, earlier);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(lab.checksClass()))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter("junit.jupiter.execution.timeout.mode", "disabled")
                .configurationParameter("junit.platform.stacktrace.pruning.enabled", "true")
                .build();
        listener.started(lab.id(), lab.checks().size());
        Thread thread = Thread.ofPlatform().daemon().name("roadlab-checks-" + lab.id()).unstarted(() -> {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(lab.checksClass().getClassLoader());
            try (LauncherSession session = LauncherFactory.openSession(LAUNCHER_CONFIG)) {
                session.getStore().put(RunContext.STORE_NAMESPACE, CheckEnvironment.class, context);
                Launcher launcher = session.getLauncher();
                TestPlan plan = launcher.discover(request);
                launcher.execute(plan, collector);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        });
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("checks of {} crashed the launcher", lab.id(), e));
        thread.start();
        boolean expired = !join(thread, lab.definition().limits().run());
        if (expired) {
            LOG.info("run of {} reached its limit; stopping it", lab.id());
            context.expireRun();
            if (!join(thread, GRACE)) {
                context.terminateSandboxes();
                if (!join(thread, GRACE)) {
                    thread.interrupt();
                    LOG.warn("checks of {} did not stop; abandoning their thread", lab.id());
                }
            }
        }
        List<CheckResult> results = collector.results(expired);
        long first = collector.firstCheckStarted();
        return new Ran(results, (first == 0 ? System.nanoTime() : first) - started);
    }

    private static boolean join(Thread thread, Duration limit) {
        try {
            return thread.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }
}
