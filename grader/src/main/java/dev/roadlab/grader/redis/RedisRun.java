package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.Fault;
import dev.roadlab.grader.sandbox.RunSandbox;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisException;

/** One run's user on a Redis server it has to itself, and what checks see of it. */
final class RedisRun implements RunSandbox {

    private final RedisBackend backend;
    private final RedisBackend.Host host;
    private final RunRedis user;
    private final LabRedis redis;

    RedisRun(RedisBackend backend, RedisBackend.Host host, RunRedis user, LabRedis redis) {
        this.backend = backend;
        this.host = host;
        this.user = user;
        this.redis = redis;
    }

    @Override
    public Object handle(Class<?> type) {
        if (type == LabRedis.class) {
            return redis;
        }
        throw new IllegalArgumentException("Redis sandboxes provide LabRedis, not " + type.getSimpleName());
    }

    @Override
    public void interrupt() {
        host.sandbox().interrupt();
    }

    @Override
    public void terminate() {
        host.sandbox().interrupt();
    }

    @Override
    public boolean alive() {
        return host.sandbox().alive();
    }

    @Override
    public Optional<Fault> classify(Throwable failure) {
        if (failure instanceof JedisException && !alive()) {
            return Optional.of(new Fault.Ours("The Redis sandbox stopped answering: " + failure.getMessage()));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        redis.close();
        backend.release(host, user);
    }
}
