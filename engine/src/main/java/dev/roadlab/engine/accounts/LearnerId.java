package dev.roadlab.engine.accounts;

/** A learner, as the database knows them: the key every progress query is scoped by. */
public record LearnerId(long value) {
}
