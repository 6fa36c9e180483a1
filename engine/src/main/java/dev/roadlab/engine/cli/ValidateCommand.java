package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.config.RoadlabConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code roadlab validate [--content DIR]}: checks a course and its labs exactly as the server does before it starts
 * (the same code, so the same messages): front matter, links to modules, headings and labs, images. Exit 0 when
 * valid; 1 with every problem as {@code FILE:LINE: message} on standard error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a course and its labs as the server does before it starts: front matter, links to modules,",
                "anchors and labs, lab names in course.yaml, images. Exit 1 listing every problem as FILE:LINE: message."})
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
