package dev.roadlab.engine.cli;

import picocli.CommandLine;

/** {@code java -jar roadlab.jar <command>}: serve, grade, submit, validate. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Commands that print for a person keep library chatter (Testcontainers, Flyway) to warnings; the long-running
        // ones (serve, worker) log more. logback.xml reads this property before the first logger is made.
        boolean serving = args.length > 0 && (args[0].equals("serve") || args[0].equals("worker"));
        System.setProperty("roadlab.log.level", serving ? "info" : "warn");
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new RoadlabCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
