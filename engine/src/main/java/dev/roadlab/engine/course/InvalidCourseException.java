package dev.roadlab.engine.course;

import java.util.List;

/** A course that cannot be served; each problem names the file (and line where known). */
public class InvalidCourseException extends RuntimeException {

    private final List<String> problems;

    public InvalidCourseException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
