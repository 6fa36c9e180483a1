package dev.roadlab.engine.ops;

import dev.roadlab.engine.db.Database;
import dev.roadlab.grader.sandbox.SandboxPool;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Whether this process can do its work now: its database answers within a short timeout, has every migration this
 * build knows, and the sandbox provider is usable. What {@code /readyz} answers; each check names what failed, in a
 * sentence that never carries a secret.
 */
public final class Readiness {

    private static final Pattern SECRETS = Pattern.compile(
            "(?i)(password|passwd|pwd|secret|token)=[^&;\\s]*|//[^/@\\s]*:[^/@\\s]*@");

    private final Database database;
    private final SandboxPool sandboxes;
    private final Duration timeout;
    /** Once the schema is current it stays current (this build's migrations do not change while it runs). */
    private volatile boolean migrationsCurrent;

    public Readiness(Database database, SandboxPool sandboxes, Duration timeout) {
        this.database = database;
        this.sandboxes = sandboxes;
        this.timeout = timeout;
    }

    /**
     * The outcome of one round of checks.
     *
     * @param checks each check's name and "ok" or why it failed, in the order they ran
     */
    public record Report(Map<String, String> checks) {

        public boolean ready() {
            return checks.values().stream().allMatch("ok"::equals);
        }
    }

    /** Runs the checks; the database's within the timeout (a database that hangs is a failed check, not a hang). */
    public Report check() {
        Map<String, String> checks = new LinkedHashMap<>();
        String db = withinTimeout(this::databaseAnswers);
        checks.put("database", db);
        checks.put("migrations", db.equals("ok") ? withinTimeout(this::migrations)
                : "not checked: the database does not answer");
        checks.put("sandboxes", sandboxes.unusable().map(Readiness::redacted).orElse("ok"));
        return new Report(checks);
    }

    private String databaseAnswers() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            int seconds = (int) Math.max(1, timeout.toSeconds());
            return c.isValid(seconds) ? "ok" : "the database did not answer a validation query";
        }
    }

    private String migrations() {
        if (migrationsCurrent) {
            return "ok";
        }
        List<String> pending = database.pendingMigrations();
        if (pending.isEmpty()) {
            migrationsCurrent = true;
            return "ok";
        }
        return pending.size() + " migration(s) not applied: " + String.join(", ", pending);
    }

    private interface Check {
        String run() throws Exception;
    }

    private String withinTimeout(Check check) {
        // Its own thread, not awaited past the timeout: a hung connection attempt must not hang the probe.
        FutureTask<String> task = new FutureTask<>(check::run);
        Thread.ofVirtual().name("roadlab-readiness").start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return "the database did not answer within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            Throwable cause = Optional.ofNullable(e.getCause()).orElse(e);
            return "the database does not answer: " + redacted(String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A message with whatever looks like a credential (password=..., user:password@) blanked. */
    static String redacted(String message) {
        return SECRETS.matcher(message).replaceAll(m -> m.group().startsWith("//") ? "//***@"
                : m.group(1) + "=***");
    }
}
