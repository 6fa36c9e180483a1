package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.AdminUrls;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/**
 * A Redis server the grader may administer: runs get ACL users and key prefixes on it.
 *
 * @param host           host name as reachable from the grader
 * @param port           port
 * @param adminUser      a user allowed ACL, CONFIG, SCRIPT KILL, SHUTDOWN ("default" for requirepass setups)
 * @param adminPassword  its password, "" for none
 * @param description    where it comes from, for logs and messages
 */
public record RedisServer(String host, int port, String adminUser, String adminPassword, String description) {

    /** {@code redis://[user[:password]@]host[:port]} or {@code redis://:password@host:port}. */
    public static RedisServer fromUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis URL: " + AdminUrls.redact(url));
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://host:port): " + AdminUrls.redact(url));
        }
        String user = "default";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (!parts[0].isEmpty()) {
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            }
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return new RedisServer(uri.getHost(), port, user, password, "Redis at " + uri.getHost() + ":" + port);
    }

    /** Without the password: records print every component otherwise, and servers end up in logs. */
    @Override
    public String toString() {
        return description() + " (admin " + adminUser() + ")";
    }

    /** A new connection as the admin user. */
    public Jedis connectAsAdmin(int timeoutMillis) {
        return connect(adminUser, adminPassword, timeoutMillis);
    }

    /** A new connection as {@code user}. */
    public Jedis connect(String user, String password, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5_000)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("roadlab")
                .protocol(RedisProtocol.RESP2);
        if (!password.isEmpty()) {
            config.user(user).password(password);
        }
        return new Jedis(new HostAndPort(host, port), config.build());
    }
}
