package dev.roadlab.grader.sandbox;

/**
 * A sandbox could not be had: no provider configured, Docker not answering, a server down. The message says what
 * to install or set. Runs that meet it end with verdict {@code infrastructure}.
 */
public class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
