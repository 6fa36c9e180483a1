package dev.roadlab.grader.postgres;

import dev.roadlab.grader.sandbox.AdminUrls;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server the grader may administer: runs get their own databases and roles on it.
 *
 * @param host            host name as reachable from the grader
 * @param port            port
 * @param adminUser       a superuser (or a role with CREATEDB and CREATEROLE)
 * @param adminPassword   its password, "" for none
 * @param maintenanceDb   a database to connect to for administration ("postgres")
 * @param description     where it comes from, for logs and messages
 */
public record PostgresServer(String host, int port, String adminUser, String adminPassword, String maintenanceDb,
                             String description) {

    /**
     * Reads an admin URL: {@code postgresql://user:password@host:port/db} (libpq style) or
     * {@code jdbc:postgresql://host:port/db?user=u&password=p}.
     */
    public static PostgresServer fromUrl(String url) {
        String text = url.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + AdminUrls.redact(url));
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://...): " + AdminUrls.redact(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the PostgreSQL URL names no host: " + AdminUrls.redact(url));
        }
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        user = query.getOrDefault("user", user);
        password = query.getOrDefault("password", password);
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        return new PostgresServer(uri.getHost(), port, user, password, db,
                "PostgreSQL at " + uri.getHost() + ":" + port);
    }

    /** Without the password: records print every component otherwise, and servers end up in logs. */
    @Override
    public String toString() {
        return description() + " (admin " + adminUser() + ")";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new connection as the admin user to {@code database}. */
    public Connection connectAsAdmin(String database) throws SQLException {
        return connect(database, adminUser, adminPassword, "roadlab-admin");
    }

    /** A new connection to {@code database} as {@code user}. */
    public Connection connect(String database, String user, String password, String applicationName)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

}
