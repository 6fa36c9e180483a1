package dev.roadlab.engine.accounts;

/** An account's id. */
public record AccountId(long value) {
}
