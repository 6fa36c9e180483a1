package dev.roadlab.grader.lab;

import java.time.Duration;

/**
 * Wall-clock limits enforced from outside the sandboxes.
 *
 * @param run    the whole run, all checks together
 * @param check  any one check (or lifecycle method)
 */
public record Limits(Duration run, Duration check) {

    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(120), Duration.ofSeconds(30));
}
