package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.roadlab.grader.sandbox.AdminUrls;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A RabbitMQ broker the grader may administer: runs get vhosts and users on it.
 *
 * @param host           AMQP host as reachable from the grader
 * @param port           AMQP port
 * @param adminUser      a user tagged {@code administrator}
 * @param adminPassword  its password
 * @param management     base URI of its management API ({@code http://host:15672})
 * @param description    where it comes from, for logs and messages
 */
public record RabbitMqServer(String host, int port, String adminUser, String adminPassword, URI management,
                             String description) {

    static final int DEFAULT_PORT = 5672;
    static final int MANAGEMENT_PORT = 15672;

    /**
     * Reads an admin URL, {@code amqp://user:password@host:port}, and optionally the management API's
     * ({@code http://host:15672}; by default http on port 15672 of the same host, with the same credentials).
     */
    public static RabbitMqServer fromUrls(String amqpUrl, Optional<String> managementUrl) {
        URI uri;
        try {
            uri = URI.create(amqpUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an AMQP URL: " + AdminUrls.redact(amqpUrl));
        }
        if (!"amqp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an AMQP URL (expected amqp://user:password@host:port): "
                    + AdminUrls.redact(amqpUrl));
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            throw new IllegalArgumentException("the RabbitMQ admin URL names a vhost (" + uri.getPath()
                    + "): give the broker only, runs get vhosts of their own: " + AdminUrls.redact(amqpUrl));
        }
        String user = "guest";
        String password = "guest";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        URI management = managementUrl.map(RabbitMqServer::managementUri)
                .orElseGet(() -> URI.create("http://" + hostForUri(uri.getHost()) + ":" + MANAGEMENT_PORT));
        return new RabbitMqServer(uri.getHost(), port, user, password, management,
                "RabbitMQ at " + uri.getHost() + ":" + port);
    }

    private static URI managementUri(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a management API URL: " + AdminUrls.redact(text));
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a management API URL (expected http://host:15672): "
                    + AdminUrls.redact(text));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the management API URL carries credentials; it uses the admin URL's: "
                    + AdminUrls.redact(text));
        }
        return uri;
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Without the password: records print every component otherwise, and servers end up in logs. */
    @Override
    public String toString() {
        return description() + " (admin " + adminUser() + ", management " + management() + ")";
    }

    /** The admin URL, for another process that must reach the same broker (the grader's own tests). */
    public String adminUrl() {
        return "amqp://" + encode(adminUser) + ":" + encode(adminPassword) + "@" + hostForUri(host) + ":" + port;
    }

    /** A new connection as the admin to the default vhost. */
    Connection connectAsAdmin(String connectionName) throws IOException, TimeoutException {
        return connect(adminUser, adminPassword, "/", connectionName);
    }

    /** A new connection as {@code user} to {@code vhost}; no automatic recovery (a dropped connection stays dropped). */
    Connection connect(String user, String password, String vhost, String connectionName)
            throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        factory.setHandshakeTimeout(10_000);
        factory.setRequestedHeartbeat(30);
        return factory.newConnection(connectionName);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
