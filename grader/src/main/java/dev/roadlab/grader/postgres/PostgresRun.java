package dev.roadlab.grader.postgres;

import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.RunSandbox;
import java.sql.SQLException;
import java.util.Optional;

/** One run's database on a {@link PostgresSandbox}, and what checks see of it. */
final class PostgresRun implements RunSandbox {

    private final PostgresSandbox sandbox;
    private final RunDatabase run;
    private final RunMonitor.Watch watch;
    private final LabDatabase database;

    PostgresRun(PostgresSandbox sandbox, RunDatabase run, RunMonitor.Watch watch, LabDatabase database) {
        this.sandbox = sandbox;
        this.run = run;
        this.watch = watch;
        this.database = database;
    }

    @Override
    public Object handle(Class<?> type) {
        if (type == LabDatabase.class) {
            return database;
        }
        throw new IllegalArgumentException("PostgreSQL sandboxes provide LabDatabase, not " + type.getSimpleName());
    }

    @Override
    public void interrupt() {
        sandbox.cancel(run);
    }

    @Override
    public void terminate() {
        sandbox.terminate(run);
    }

    @Override
    public boolean alive() {
        return sandbox.alive();
    }

    @Override
    public Optional<Fault> classify(Throwable failure) {
        if (watch.stopped().isPresent()) {
            return Optional.of(new Fault.Learners(Verdict.FAILED, "The grader stopped the run: "
                    + watch.stopped().get() + ".", false));
        }
        if (!(failure instanceof SQLException e)) {
            return Optional.empty();
        }
        if ("53300".equals(e.getSQLState()) || "53200".equals(e.getSQLState())) {
            // Connection slots or the lock table ran out: shared by every run on the server, so not this run's doing.
            return Optional.of(new Fault.Ours("The PostgreSQL sandbox ran out of " + ("53300".equals(e.getSQLState())
                    ? "connection slots" : "shared lock space") + ": " + e.getMessage()));
        }
        if (PostgresErrors.isConnectionLoss(e) && !alive()) {
            return Optional.of(new Fault.Ours("The PostgreSQL sandbox stopped answering: " + e.getMessage()));
        }
        return Optional.of(new Fault.Learners(Verdict.FAILED, "PostgreSQL refused what the check asked: "
                + e.getMessage(), true));
    }

    @Override
    public void close() {
        sandbox.unwatch(run);
        database.close();
        sandbox.terminate(run);
        sandbox.release(run);
    }
}
