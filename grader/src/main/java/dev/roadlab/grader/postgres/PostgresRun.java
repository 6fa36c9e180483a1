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
    private final LabDatabase database;

    PostgresRun(PostgresSandbox sandbox, RunDatabase run, LabDatabase database) {
        this.sandbox = sandbox;
        this.run = run;
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
        if (!(failure instanceof SQLException e)) {
            return Optional.empty();
        }
        if (PostgresErrors.isConnectionLoss(e) && !alive()) {
            return Optional.of(new Fault.Ours("The PostgreSQL sandbox stopped answering: " + e.getMessage()));
        }
        return Optional.of(new Fault.Learners(Verdict.FAILED, "PostgreSQL refused what the check asked: "
                + e.getMessage(), true));
    }

    @Override
    public void close() {
        database.close();
        sandbox.terminate(run);
        sandbox.release(run);
    }
}
