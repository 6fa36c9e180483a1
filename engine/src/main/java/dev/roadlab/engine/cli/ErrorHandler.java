package dev.roadlab.engine.cli;

import dev.roadlab.engine.config.InvalidConfigException;
import dev.roadlab.engine.course.InvalidCourseException;
import dev.roadlab.grader.lab.InvalidLabException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Known failures print a plain message (exit 2, or 1 for an invalid course); anything else its type and message. */
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
        if (e instanceof InvalidConfigException || e instanceof InvalidLabException) {
            cmd.getErr().println("roadlab: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("roadlab: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return 2;
    }
}
