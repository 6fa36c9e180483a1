package dev.roadlab.engine.cohorts;

import java.util.Arrays;
import java.util.Locale;

/** What an account is in one cohort: a learner whose work the gradebook shows, or an instructor who runs it. */
public enum MemberRole {
    LEARNER, INSTRUCTOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberRole fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member role '" + name + "'"));
    }
}
