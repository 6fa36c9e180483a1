package dev.roadlab.engine.cohorts;

/** A cohort's id, as it appears in URLs. */
public record CohortId(long value) {

    /** The id in a path segment, or empty when it is not a positive number of at most 18 digits. */
    public static java.util.Optional<CohortId> parse(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,17}")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new CohortId(Long.parseLong(text)));
    }
}
