package dev.roadlab.engine.cli;

import dev.roadlab.engine.config.InvalidConfigException;
import dev.roadlab.engine.course.InvalidCourseException;
import dev.roadlab.grader.lab.InvalidLabException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Known failures print a plain message (exit 2, or 1 for an invalid course or invalid labs, one FILE:LINE: message per
 * problem); anything else its type and message.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        if (e instanceof InvalidCourseException course) {
            // One FILE:LINE: message per line, unindented, so editors and terminals can jump to each.
            cmd.getErr().println("The course is not valid (" + course.problems().size() + " problem"
                    + (course.problems().size() == 1 ? "" : "s") + "):");
            course.problems().forEach(p -> cmd.getErr().println(p));
            return 1;
        }
        if (e instanceof InvalidLabException labs) {
            cmd.getErr().println("The labs are not valid (" + labs.problems().size() + " problem"
                    + (labs.problems().size() == 1 ? "" : "s") + "):");
            labs.problems().forEach(p -> cmd.getErr().println(p));
            return 1;
        }
        if (e instanceof InvalidConfigException) {
            cmd.getErr().println("roadlab: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("roadlab: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return 2;
    }
}
