package dev.roadlab.grader.run;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.SandboxKind;
import dev.roadlab.grader.sandbox.NginxLauncher;
import dev.roadlab.grader.sandbox.PostgresSandbox;
import dev.roadlab.grader.sandbox.RedisSandbox;
import dev.roadlab.grader.sandbox.RunDatabase;
import dev.roadlab.grader.sandbox.RunRedis;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;

/**
 * The sandboxes one run leased: its PostgreSQL database, its Redis user, the nginx launcher. Closing gives them
 * back (databases dropped, keys and users removed).
 */
final class RunSandboxes implements AutoCloseable {

    private final SandboxPool pool;
    private PostgresSandbox postgres;
    private RunDatabase database;
    private RedisSandbox redisSandbox;
    private RunRedis redis;
    private NginxLauncher nginx;

    private RunSandboxes(SandboxPool pool) {
        this.pool = pool;
    }

    /** Leases what the lab needs; on failure gives back what it had and throws. */
    static RunSandboxes lease(Lab lab, SandboxPool pool) {
        RunSandboxes leased = new RunSandboxes(pool);
        try {
            if (lab.definition().needs(SandboxKind.POSTGRES)) {
                leased.postgres = pool.postgres();
                leased.database = leased.postgres.lease(lab.id(), lab.definition().postgres().orElseThrow(),
                        lab.definition().limits().check());
            }
            if (lab.definition().needs(SandboxKind.REDIS)) {
                leased.redisSandbox = pool.redis();
                leased.redis = leased.redisSandbox.lease();
            }
            if (lab.definition().needs(SandboxKind.NGINX)) {
                leased.nginx = pool.nginx();
            }
            return leased;
        } catch (SandboxUnavailableException e) {
            leased.close();
            pool.checkHealth();
            throw e;
        }
    }

    RunDatabase database() {
        return database;
    }

    RunRedis redis() {
        return redis;
    }

    NginxLauncher nginx() {
        return nginx;
    }

    void interrupt() {
        if (database != null) {
            postgres.cancel(database);
        }
        if (redis != null) {
            redisSandbox.interrupt();
        }
    }

    void terminate() {
        if (database != null) {
            postgres.terminate(database);
        }
    }

    boolean alive() {
        return (postgres == null || postgres.alive()) && (redisSandbox == null || redisSandbox.alive());
    }

    @Override
    public void close() {
        if (database != null) {
            postgres.terminate(database);
            postgres.release(database);
            database = null;
        }
        if (redis != null) {
            redisSandbox.release(redis);
            redis = null;
        }
    }
}
