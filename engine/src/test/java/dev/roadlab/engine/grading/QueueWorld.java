package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.faults.GateLab;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A database (H2 or a fresh PostgreSQL one) with the gate lab, for queue and worker tests; closing drops it. */
final class QueueWorld implements AutoCloseable {

    static final LabCatalog LABS = LabCatalog.fromFolder(GateLab.folder(), QueueWorld.class.getClassLoader());

    final Database db;
    final dev.roadlab.engine.config.RoadlabConfig.Database config;
    final SubmissionService submissions;
    private final AutoCloseable cleanup;

    private QueueWorld(dev.roadlab.engine.config.RoadlabConfig.Database config, AutoCloseable cleanup,
                       Runnable onQueued) {
        this.config = config;
        this.db = Database.open(config);
        this.cleanup = cleanup;
        this.submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), onQueued);
    }

    static QueueWorld open(String kind) {
        return open(kind, () -> { });
    }

    static QueueWorld open(String kind, Runnable onQueued) {
        if (kind.equals("postgres")) {
            TestDatabases.Postgres pg = TestDatabases.postgres();
            return new QueueWorld(pg.config(), pg, onQueued);
        }
        try {
            Path dir = Files.createTempDirectory("roadlab-queue");
            return new QueueWorld(TestDatabases.h2(dir), () -> { }, onQueued);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String submit(String plan) {
        return submissions.submit(GateLab.ID, Submission.ofText(Map.of(GateLab.FILE, plan)), Caller.nobody("test"));
    }

    String status(String id) {
        return db.dsl().select(SUBMISSIONS.STATUS).from(SUBMISSIONS).where(SUBMISSIONS.ID.eq(id)).fetchOne(SUBMISSIONS.STATUS);
    }

    <T> T column(String id, org.jooq.TableField<?, T> field) {
        return db.dsl().select(field).from(SUBMISSIONS).where(SUBMISSIONS.ID.eq(id)).fetchOne(field);
    }

    /** Waits (polling) until {@code condition} holds, failing after {@code within}. */
    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        db.close();
        cleanup.close();
    }
}
