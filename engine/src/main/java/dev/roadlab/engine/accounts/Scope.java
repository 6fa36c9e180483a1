package dev.roadlab.engine.accounts;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller's credential allows. A browser session or the single-user learner holds every scope its role has; a
 * personal access token holds only those it was created with.
 */
public enum Scope {
    /** Create submissions. */
    SUBMIT("submit"),
    /** Read one's own submissions, reports and progress. */
    READ("read"),
    /** Read the gradebook and the submissions of one's cohorts (instructors). */
    GRADEBOOK("gradebook");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
