package dev.roadlab.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so that budgets refill and leases run out without waiting real minutes. */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public TestClock() {
        this(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Now, as the time stamps the engine writes. */
    public java.time.OffsetDateTime at() {
        return java.time.OffsetDateTime.ofInstant(now.get(), ZoneOffset.UTC);
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }
}
