package dev.roadlab.grader.redis;

/** What a lab asks of Redis: nothing yet beyond a server of its own per run (lab.yaml has no {@code redis:} keys). */
public record RedisSpec() {
}
