package dev.roadlab.engine.cli;

import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roadlab grade <lab-id> <files or folder>}: grades locally, no server. Prints a line per check as it finishes
 * and a summary (or the JSON report with {@code --json}); exits 0 passed, 1 failed, 2 error, timeout or
 * infrastructure.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Grade files against a lab, locally. Exit status: 0 passed, 1 failed, 2 error/timeout/infrastructure.")
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab id, e.g. audit-log-indexes.")
    String labId;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE_OR_FOLDER", description = "The files to submit, or a folder holding them.")
    List<Path> paths;

    @Option(names = "--json", description = "Print the roadlab.report/1 JSON report instead of the progress lines.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoadlabConfig config = options.load();
        LabCatalog labs = dev.roadlab.engine.Roadlab.labs(config);
        Lab lab = labs.find(labId).orElse(null);
        if (lab == null) {
            err.println("roadlab: no lab '" + labId + "'. Labs: "
                    + labs.all().stream().map(Lab::id).collect(Collectors.joining(", ")));
            return 2;
        }
        Submission submission;
        try {
            submission = SubmissionReader.read(lab.definition(), paths);
        } catch (InvalidSubmissionException e) {
            err.println("roadlab: the files were not accepted:");
            e.problems().forEach(p -> err.println("  " + p));
            return 2;
        }
        // One grading, then exit: databases kept warm for a next run would be built only to be dropped at close,
        // competing with the checks for the machine. The lab's template stays on the server for the next run.
        try (Grader grader = Grader.create(labs, config.sandboxes().withWarmPerLab(0))) {
            GradeOutput output = new GradeOutput(out);
            GradeReport report = grader.grade(lab.id(), submission, json ? GradeListener.NONE : output.listener());
            if (json) {
                out.println(ReportJson.writePretty(report));
            } else {
                output.summary(report);
            }
            out.flush();
            return report.exitStatus();
        }
    }
}
