package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roadlab init <lab> [DIR]}: writes the lab's starter files and its README.md into a folder (./LAB by
 * default), ready to edit and to grade with {@code roadlab grade LAB DIR}. It never overwrites a file unless told to.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a lab's starter files and its README.md into a folder (./LAB unless DIR is given).")
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab id, e.g. audit-log-indexes.")
    String labId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "The folder to write into.")
    Path dir;

    @Option(names = "--force", description = "Overwrite files that are already there.")
    boolean force;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LabCatalog labs = Roadlab.labs(options.load());
        Lab lab = labs.find(labId).orElse(null);
        if (lab == null) {
            err.println("roadlab: no lab '" + labId + "'. Labs: "
                    + labs.all().stream().map(Lab::id).collect(Collectors.joining(", ")));
            return 2;
        }
        Path target = dir == null ? Path.of(lab.id()) : dir;
        Map<String, byte[]> files = new TreeMap<>(lab.starter().files());
        files.putIfAbsent("README.md", lab.instructions().getBytes(StandardCharsets.UTF_8));
        List<String> existing = files.keySet().stream().filter(name -> Files.exists(target.resolve(name))).toList();
        if (!existing.isEmpty() && !force) {
            err.println("roadlab: " + target + " already has " + String.join(", ", existing)
                    + "; nothing was written (--force overwrites).");
            return 1;
        }
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = target.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        out.printf("Wrote %s to %s. Edit, then grade with: roadlab grade %s %s%n",
                String.join(", ", files.keySet()), target, lab.id(), target);
        return 0;
    }
}
