package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.config.RoadlabConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roadlab validate}: checks a course and its labs the way the server does before it starts. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a course and its labs; exit 1 with the problems, naming file and line, if any.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RoadlabConfig config = options.load();
        Roadlab.Content content = Roadlab.loadContent(config);
        out.printf("%s: %d modules, %d labs: valid.%n", content.course().title(), content.course().modules().size(),
                content.labs().all().size());
        return 0;
    }
}
