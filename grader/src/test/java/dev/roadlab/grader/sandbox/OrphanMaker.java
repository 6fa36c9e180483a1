package dev.roadlab.grader.sandbox;

import dev.roadlab.grader.lab.PostgresSpec;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * A grader that crashes: run as its own process by the contract tests, it leases a run database and a Redis run
 * user, prints their names, and waits to be killed, leaving both behind as orphans.
 */
public final class OrphanMaker {

    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        PostgresSandbox postgres = PostgresSandbox.open(PostgresServer.fromUrl(args[0]), 0);
        RunDatabase run = postgres.lease("orphan-lab", new PostgresSpec("CREATE TABLE t (x int);", 2), Duration.ofSeconds(5));
        RedisSandbox redis = RedisSandbox.open(RedisServer.fromUrl(args[1]), s -> s);
        RunRedis user = redis.lease();
        try (Jedis jedis = user.connect(5_000)) {
            jedis.set(user.prefix() + "left-behind", "1");
        }
        System.out.println("ORPHANS " + run.name() + " " + user.user() + " " + user.prefix());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
