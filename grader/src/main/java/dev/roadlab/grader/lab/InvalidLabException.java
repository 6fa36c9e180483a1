package dev.roadlab.grader.lab;

/** A lab folder that cannot be used: lab.yaml missing or malformed, checks class not found. Names the file. */
public class InvalidLabException extends RuntimeException {

    public InvalidLabException(String message) {
        super(message);
    }

    public InvalidLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
