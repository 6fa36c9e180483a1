package dev.roadlab.engine.accounts;

import java.util.Arrays;
import java.util.Locale;

/** What an account may do: learners learn, instructors run cohorts, admins run the site. */
public enum Role {
    LEARNER, INSTRUCTOR, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no role '" + name + "'"));
    }

    /** Whether this role includes {@code other}'s powers (an admin is also an instructor). */
    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
