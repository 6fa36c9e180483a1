package dev.roadlab.grader.lab;

import dev.roadlab.grader.yaml.Problem;
import java.util.List;

/**
 * Labs that cannot be used: lab.yaml malformed, its checks class missing or asking for what its sandboxes do not
 * provide, a wrong solution without its folder. Every problem names its file and line.
 */
public class InvalidLabException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidLabException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems in labs:\n" + String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public InvalidLabException(String file, String message) {
        this(List.of(new Problem(file, 1, message)));
    }

    /** Every problem, as {@code FILE:LINE: message}. */
    public List<Problem> problems() {
        return problems;
    }
}
