package dev.roadlab.engine.cli;

import picocli.CommandLine.Command;

/** The root command; does nothing on its own but list the others. */
@Command(name = "roadlab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "An embeddable learning-path course engine whose labs grade themselves.",
        subcommands = {ServeCommand.class, WorkerCommand.class, InitCommand.class, GradeCommand.class, SubmitCommand.class,
                ValidateCommand.class, BenchCommand.class, AdminCommand.class},
        footer = {"", "Configuration: flags, environment variables (ROADLAB_*) or roadlab.yaml; see README.md."})
final class RoadlabCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
