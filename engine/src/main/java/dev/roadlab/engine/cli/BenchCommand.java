package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.bench.GradingBenchmark;
import dev.roadlab.engine.bench.GradingBenchmark.Sample;
import dev.roadlab.engine.config.RoadlabConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roadlab bench}: grades a lab's reference and starter repeatedly through a Roadlab of its own (H2 in a
 * temporary folder, the configured sandboxes) and prints cold and warm latency, their ratio and throughput.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure grading latency (cold and warm, accepted to report) and throughput.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--lab", defaultValue = "audit-log-indexes",
            description = "Lab to grade, or 'all' for each lab's warm grading time side by side (default: ${DEFAULT-VALUE}).")
    String labId;

    @Option(names = "--cold", defaultValue = "5", description = "Gradings on a new sandbox each (default: ${DEFAULT-VALUE}).")
    int coldRuns;

    @Option(names = "--warm", defaultValue = "30", description = "Gradings on warm sandboxes (default: ${DEFAULT-VALUE}).")
    int warmRuns;

    @Option(names = "--throughput", defaultValue = "40", description = "Gradings queued at once for throughput (default: ${DEFAULT-VALUE}).")
    int throughputRuns;

    @Option(names = "--parallel", defaultValue = "2", description = "Gradings at once (workers) (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path data = Files.createTempDirectory("roadlab-bench");
        RoadlabConfig config = options.load();
        config = config.withData(new RoadlabConfig.Data(data))
                .withDatabase(new RoadlabConfig.Database("jdbc:h2:file:" + data.resolve("roadlab") + ";DB_CLOSE_ON_EXIT=FALSE",
                        "", "", parallel + 4))
                .withGrading(new RoadlabConfig.Grading(parallel));
        try (Roadlab roadlab = Roadlab.start(config)) {
            if (labId.equals("all")) {
                everyLab(out, roadlab);
                return 0;
            }
            GradingBenchmark bench = new GradingBenchmark(roadlab, labId, line -> {
                spec.commandLine().getErr().print("\r" + line + "        ");
                spec.commandLine().getErr().flush();
            });
            List<Sample> cold = bench.cold(coldRuns);
            List<Sample> warm = bench.warm(warmRuns, parallel);
            double perMinute = bench.throughputPerMinute(throughputRuns);
            spec.commandLine().getErr().println();
            print(out, roadlab, cold, warm, perMinute);
        }
        return 0;
    }

    /**
     * Each lab's aim for a warm grading's p50 on 2 cores, 2 in parallel (issue 16); a lab not named here is held to
     * {@link #DEFAULT_AIM_SECONDS}. audit-log-indexes is also held to a p95.
     */
    private static final java.util.Map<String, Double> AIM_SECONDS = java.util.Map.of("audit-log-indexes", 0.3);
    private static final java.util.Map<String, Double> AIM_P95_SECONDS = java.util.Map.of("audit-log-indexes", 0.6);
    private static final double DEFAULT_AIM_SECONDS = 2.0;
    /** The time outside the checks' own work a grading may take (issue 16): set-up done once, not per grading. */
    private static final long OVERHEAD_AIM_MS = 50;

    /**
     * Each lab of the course in turn, warm, {@code --parallel} at a time: its reference and starter alternately, the
     * figures side by side with the aims, the overhead outside the checks' own work (p50/p95, with how much of it was
     * the sandbox lease and the launcher set-up), and the slowest check, which is where the rest of the time goes.
     */
    private void everyLab(PrintWriter out, Roadlab roadlab) {
        int runs = warmRuns;
        out.printf(Locale.ROOT, "Roadlab warm grading per lab: %d runs each (reference and starter alternately), %d in parallel, %d cores%n",
                runs, parallel, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-26s %-15s %7s %7s %7s %12s %5s %9s %9s %13s %5s  %s%n", "lab", "sandboxes", "p50",
                "p95", "max", "aim p50/p95", "met", "ovh p50", "ovh p95", "lease/setup", "met",
                "slowest check (mean)");
        boolean allMet = true;
        for (var lab : roadlab.labs().all()) {
            String kinds = lab.definition().sandboxes().isEmpty() ? "none"
                    : lab.definition().sandboxes().stream().map(u -> u.kind())
                            .collect(java.util.stream.Collectors.joining("+"));
            GradingBenchmark bench = new GradingBenchmark(roadlab, lab.id(), line -> {
                spec.commandLine().getErr().print("\r" + lab.id() + ": " + line + "        ");
                spec.commandLine().getErr().flush();
            });
            List<Sample> warm = bench.warm(runs, parallel);
            var slowest = warm.stream().flatMap(s -> s.report().checks().stream())
                    .collect(java.util.stream.Collectors.groupingBy(c -> c.id(),
                            java.util.stream.Collectors.averagingLong(c -> c.millis())))
                    .entrySet().stream().max(java.util.Map.Entry.comparingByValue());
            spec.commandLine().getErr().print("\r"); // the row below starts a line of its own, also in a log file
            spec.commandLine().getErr().flush();
            double aim = AIM_SECONDS.getOrDefault(lab.id(), DEFAULT_AIM_SECONDS);
            Double aimP95 = AIM_P95_SECONDS.get(lab.id());
            double p50 = percentile(warm, 50);
            double p95 = percentile(warm, 95);
            boolean met = p50 <= aim && (aimP95 == null || p95 <= aimP95);
            long overheadP50 = percentileOf(warm, 50, t -> t.overheadMillis());
            long overheadP95 = percentileOf(warm, 95, t -> t.overheadMillis());
            boolean overheadMet = overheadP50 <= OVERHEAD_AIM_MS;
            allMet &= met && overheadMet;
            out.printf(Locale.ROOT, "%-26s %-15s %6.3fs %6.3fs %6.3fs %12s %5s %7dms %7dms %6d/%-6d %5s  %s%n",
                    lab.id(), kinds, p50, p95, percentile(warm, 100),
                    String.format(Locale.ROOT, "%.1f/%s", aim, aimP95 == null ? "-" : String.format(Locale.ROOT, "%.1f", aimP95)),
                    mark(met), overheadP50, overheadP95, percentileOf(warm, 50, t -> t.leaseMillis()),
                    percentileOf(warm, 50, t -> t.setupMillis()), mark(overheadMet),
                    slowest.map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue())).orElse("-"));
            out.flush();
        }
        out.printf(Locale.ROOT, "targets: audit-log-indexes p50 <= 0.3 s and p95 <= 0.6 s, every other lab p50 <= %.1f s,"
                + " overhead (outside the checks' own work) p50 <= %d ms per grading: %s%n", DEFAULT_AIM_SECONDS,
                OVERHEAD_AIM_MS, allMet ? "all met" : "some MISSED");
        out.flush();
    }

    /** Nearest-rank percentile of one of the reports' timings, in milliseconds. */
    static long percentileOf(List<Sample> samples, int p,
                             java.util.function.ToLongFunction<dev.roadlab.grader.report.Timings> field) {
        long[] sorted = samples.stream().mapToLong(s -> field.applyAsLong(s.report().timings())).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private void print(PrintWriter out, Roadlab roadlab, List<Sample> cold, List<Sample> warm, double perMinute) {
        double coldP50 = percentile(cold, 50);
        double warmP50 = percentile(warm, 50);
        double warmP95 = percentile(warm, 95);
        double ratio = warmP50 / coldP50;
        out.printf(Locale.ROOT, "Roadlab grading benchmark: %s, PostgreSQL sandboxes from %s, %d cores%n", labId,
                roadlab.grader().pool().provider("postgres").wireName(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-30s %5s %9s %9s %9s %12s %12s %12s %12s%n", "accepted -> report", "runs", "p50", "p95",
                "mean", "sandbox avg", "checks avg", "overhead p50", "overhead p95");
        row(out, "cold (new sandbox per run)", cold);
        row(out, "warm", warm);
        out.printf(Locale.ROOT, "%-30s %5s %9.2f%n", "warm/cold (p50)", "", ratio);
        out.printf(Locale.ROOT, "%-30s %5d %9.1f gradings/min%n", "throughput, " + parallel + " in parallel",
                throughputRuns, perMinute);
        out.println("warm, mean per check:");
        warm.stream().flatMap(s -> s.report().checks().stream())
                .collect(java.util.stream.Collectors.groupingBy(c -> c.id(), java.util.LinkedHashMap::new,
                        java.util.stream.Collectors.averagingLong(c -> c.millis())))
                .forEach((id, ms) -> out.printf(Locale.ROOT, "  %-44s %7.0f ms%n", id, ms));
        double aim = AIM_SECONDS.getOrDefault(labId, DEFAULT_AIM_SECONDS);
        Double aimP95 = AIM_P95_SECONDS.get(labId);
        long overheadP50 = percentileOf(warm, 50, t -> t.overheadMillis());
        out.printf(Locale.ROOT, "targets: warm (%d in parallel) p50 <= %.2f s %s%s, overhead p50 <= %d ms %s,"
                        + " warm/cold <= 0.15 %s, >= 60 gradings/min %s%n", parallel,
                aim, mark(warmP50 <= aim), aimP95 == null ? ""
                        : String.format(Locale.ROOT, ", warm p95 <= %.2f s %s", aimP95, mark(warmP95 <= aimP95)),
                OVERHEAD_AIM_MS, mark(overheadP50 <= OVERHEAD_AIM_MS), mark(ratio <= 0.15), mark(perMinute >= 60));
        out.flush();
    }

    private static void row(PrintWriter out, String name, List<Sample> samples) {
        double mean = samples.stream().mapToDouble(s -> s.latency().toNanos() / 1e9).average().orElse(0);
        double lease = samples.stream().mapToLong(s -> s.report().timings().leaseMillis()).average().orElse(0);
        double checks = samples.stream().mapToLong(s -> s.report().timings().checksMillis()).average().orElse(0);
        out.printf(Locale.ROOT, "%-30s %5d %8.3fs %8.3fs %8.3fs %10.0fms %10.0fms %10dms %10dms%n", name, samples.size(),
                percentile(samples, 50), percentile(samples, 95), mean, lease, checks,
                percentileOf(samples, 50, t -> t.overheadMillis()), percentileOf(samples, 95, t -> t.overheadMillis()));
    }

    /** Nearest-rank percentile of the latencies, in seconds. */
    static double percentile(List<Sample> samples, int p) {
        double[] sorted = samples.stream().mapToDouble(s -> s.latency().toNanos() / 1e9).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String mark(boolean met) {
        return met ? "[met]" : "[MISSED]";
    }
}
