package dev.roadlab.grader.sandbox;

import java.util.Locale;

/** Where a kind's sandboxes come from. Every kind has both, and both pass the same contract tests. */
public enum Provider {
    /** Testcontainers, from the official images (tags configurable). */
    CONTAINERS,
    /** Servers an administrator gives us, or local binaries the grader runs itself. */
    SERVERS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
