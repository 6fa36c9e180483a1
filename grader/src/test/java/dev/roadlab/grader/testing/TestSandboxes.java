package dev.roadlab.grader.testing;

import java.util.function.BooleanSupplier;
import java.util.Map;
import java.time.Duration;
import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.postgres.PostgresBackend;
import dev.roadlab.grader.postgres.PostgresSandbox;
import dev.roadlab.grader.postgres.PostgresServer;
import dev.roadlab.grader.postgres.PostgresType;
import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two sandbox providers every sandbox-touching test runs against. Neither is optional: a test that cannot
 * reach Docker or the configured PostgreSQL fails rather than skips.
 */
public final class TestSandboxes {

    /** The PostgreSQL the servers provider administers in tests (the machine's local server by default). */
    public static final String SERVERS_POSTGRES_URL = env("ROADLAB_TEST_POSTGRES_URL",
            "postgresql://postgres@127.0.0.1:5432/postgres");

    /** The Redis the servers provider uses in tests (the machine's local server by default). */
    public static final String SERVERS_REDIS_URL = env("ROADLAB_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestSandboxes() {
    }

    public static SandboxSettings containers() {
        return SandboxSettings.defaults().withProvider(ProviderMode.CONTAINERS).withWarmPerLab(1);
    }

    /** The machine's PostgreSQL and Redis, and nginx from the local binary. */
    public static SandboxSettings servers() {
        return SandboxSettings.defaults().withProvider(ProviderMode.SERVERS).with("postgres.url", SERVERS_POSTGRES_URL)
                .with("redis.url", SERVERS_REDIS_URL).withWarmPerLab(1);
    }

    /**
     * The servers provider with a Redis it runs itself from the local binary: for tests that make Redis restart
     * (a script that wrote and loops), which must not shut down the machine's shared Redis.
     */
    public static SandboxSettings serversWithOwnRedis() {
        return SandboxSettings.defaults().withProvider(ProviderMode.SERVERS).with("postgres.url", SERVERS_POSTGRES_URL)
                .withWarmPerLab(1);
    }

    /** By provider name: "containers" or "servers". */
    public static SandboxSettings named(String provider) {
        return switch (provider) {
            case "containers" -> containers();
            case "servers" -> servers();
            default -> throw new IllegalArgumentException(provider);
        };
    }

    /** The pool's PostgreSQL sandbox, started if it was not: for tests that look inside it. */
    public static PostgresSandbox postgres(SandboxPool pool) {
        return pool.backend(PostgresType.NAME, PostgresBackend.class).sandbox();
    }

    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
    }

    /** A lab folder with no files, for kinds that read none. */
    public static LabFiles noLabFiles() {
        return new LabFiles() {
            @Override
            public Optional<String> text(String relativePath) {
                return Optional.empty();
            }

            @Override
            public Map<String, byte[]> folderFiles(String folder) {
                return Map.of();
            }
        };
    }

    /** Waits for a state, polling with a deadline (never a fixed sleep standing in for it). */
    public static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20); // the pause between two looks at the state
        }
    }

    /**
     * Waits until a statement starting with {@code prefix} is running on the server (pg_stat_activity): the moment a
     * test that acts during a learner's run acts, rather than after a fixed time.
     */
    public static void awaitActiveQuery(PostgresServer server, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = server.connectAsAdmin(server.maintenanceDb());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE state = 'active' AND starts_with(query, ?)")) {
            ps.setString(1, prefix);
            while (System.nanoTime() < deadline) {
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20); // polling the server for a state, with a deadline
            }
        }
        throw new AssertionError("no statement starting '" + prefix + "' ran on " + server);
    }
}
