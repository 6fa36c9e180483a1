package dev.roadlab.engine.cli;

import picocli.CommandLine;

/** {@code java -jar roadlab.jar <command>}: serve, grade, submit, validate. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Commands that print for a person keep library chatter (Testcontainers, Flyway) to warnings; serve logs more.
        boolean serving = args.length > 0 && args[0].equals("serve");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", serving ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new RoadlabCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
