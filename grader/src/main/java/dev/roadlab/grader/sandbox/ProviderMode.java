package dev.roadlab.grader.sandbox;

import java.util.Locale;

/** {@code ROADLAB_SANDBOX_PROVIDER}: which provider gives sandboxes. */
public enum ProviderMode {
    /** Configured servers where given, else Docker when it answers, else a message saying what to install or set. */
    AUTO,
    /** Testcontainers only. */
    CONTAINERS,
    /** Administrator-given servers only. */
    SERVERS;

    public static ProviderMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandbox provider '" + text + "' is not one of auto, containers, servers");
        }
    }
}
