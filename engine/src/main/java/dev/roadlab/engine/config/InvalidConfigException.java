package dev.roadlab.engine.config;

/** A setting has a value Roadlab cannot use; the message names the setting and where the value came from. */
public class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
