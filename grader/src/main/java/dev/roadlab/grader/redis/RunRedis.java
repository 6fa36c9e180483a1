package dev.roadlab.grader.redis;

import redis.clients.jedis.Jedis;

/**
 * One run's share of a Redis sandbox: an ACL user that may touch only keys under {@code prefix} with a safe
 * command set.
 *
 * @param server    where it lives
 * @param user      the run's ACL user
 * @param password  its password
 * @param prefix    the only keys it may touch start with this ("rl:<instance>:<n>:")
 */
public record RunRedis(RedisServer server, String user, String password, String prefix) {

    /** A new connection as the run's user. */
    public Jedis connect(int timeoutMillis) {
        return server.connect(user, password, timeoutMillis);
    }

    @Override
    public String toString() {
        return "RunRedis[" + user + " on " + server.description() + "]";
    }
}
