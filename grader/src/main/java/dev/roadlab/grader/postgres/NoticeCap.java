package dev.roadlab.grader.postgres;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what a statement may send the grader as notices and warnings. The driver keeps every NOTICE of a statement
 * for its caller (a {@code RAISE NOTICE} in a loop of 60,000 turns into gigabytes of warnings in the grader's heap),
 * and a learner can always choose to send them ({@code SET client_min_messages} is theirs). While the statement runs,
 * a watcher takes its warnings as they arrive (the driver adds them as they come), counts them and forgets them; past
 * the cap it cancels the statement, and the run reports what happened as the learner's doing.
 *
 * <pre>{@code
 * try (NoticeCap cap = NoticeCap.on(statement)) {
 *     statement.execute(learnersSql);
 * } catch (SQLException e) {
 *     if (cap.exceeded().isPresent()) throw new SubmissionError(cap.exceeded().get());
 * }
 * }</pre>
 */
public final class NoticeCap implements AutoCloseable {

    /** The SQLSTATE of a statement stopped for its notices: program_limit_exceeded. */
    public static final String SQLSTATE = "54000";

    /** Notices a statement may send. */
    static final long MAX_NOTICES = 10_000;
    /** Characters of notices a statement may send. */
    static final long MAX_CHARS = 4L * 1024 * 1024;
    private static final long WATCH_EVERY_MILLIS = 10;

    private final Statement statement;
    private final AtomicLong notices = new AtomicLong();
    private final AtomicLong chars = new AtomicLong();
    private final Thread watcher;
    private volatile boolean done;
    private volatile boolean exceeded;

    private NoticeCap(Statement statement) {
        this.statement = statement;
        this.watcher = Thread.ofVirtual().name("notice-cap").start(this::watch);
    }

    /** Watches {@code statement} until closed. */
    public static NoticeCap on(Statement statement) {
        return new NoticeCap(statement);
    }

    private void watch() {
        while (!done) {
            drain();
            if (notices.get() > MAX_NOTICES || chars.get() > MAX_CHARS) {
                exceeded = true;
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // the statement ended meanwhile
                }
                return;
            }
            try {
                Thread.sleep(WATCH_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drain() {
        try {
            SQLWarning warning = statement.getWarnings();
            statement.clearWarnings();
            for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
                notices.incrementAndGet();
                chars.addAndGet(String.valueOf(w.getMessage()).length());
            }
        } catch (SQLException e) {
            // closed: nothing more to take
        }
    }

    /** Why the statement was stopped, if it sent more than its share. */
    public Optional<String> exceeded() {
        if (!exceeded) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "it sent more than %,d notices (or %,d MB of them) to the grader"
                + " and was stopped: RAISE NOTICE in a loop floods whoever is listening", MAX_NOTICES,
                MAX_CHARS / (1024 * 1024)));
    }

    @Override
    public void close() {
        done = true;
        watcher.interrupt();
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
