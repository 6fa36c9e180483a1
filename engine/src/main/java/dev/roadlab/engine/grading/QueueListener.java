package dev.roadlab.engine.grading;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN}s on a PostgreSQL channel on a connection of its own and calls back on each notification, so that
 * workers wake as soon as any process queues a submission. A dropped connection is opened again (after 1 s, then up
 * to 10 s between tries); meanwhile the workers' polling still finds the work.
 */
final class QueueListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueListener.class);
    /** How long one wait for notifications lasts, so that a closed listener or a dead connection is noticed. */
    private static final int WAIT_MILLIS = 5_000;

    private final DataSource dataSource;
    private final String channel;
    private final Runnable onNotification;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean listening;

    QueueListener(DataSource dataSource, String channel, Runnable onNotification) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.onNotification = onNotification;
        this.thread = Thread.ofVirtual().name("queue-listener").start(this::run);
    }

    boolean listening() {
        return listening;
    }

    private void run() {
        Duration retry = Duration.ofSeconds(1);
        while (closed.getCount() > 0) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                retry = Duration.ofSeconds(1);
                while (closed.getCount() > 0) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onNotification.run();
                    } else if (!c.isValid(2)) {
                        throw new SQLException("the listening connection is no longer valid");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed.getCount() == 0) {
                    return;
                }
                LOG.warn("listening for new submissions failed ({}); trying again in {} s (workers poll meanwhile)",
                        e.getMessage(), retry.toSeconds());
                try {
                    if (closed.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : retry.multipliedBy(2);
            } finally {
                listening = false;
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(Duration.ofMillis(WAIT_MILLIS + 2_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
