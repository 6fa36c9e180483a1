package dev.roadlab.grader.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a lab's template database holds, as one hash: the definitions of its objects (tables, columns, indexes,
 * constraints, views, functions, triggers, policies, grants) and every table's row versions. Templates outlive the grader that
 * built them (a second {@code roadlab grade} reuses the first one's), so the hash is written on the template when it
 * is built and compared on the first clone each grader makes: a template changed since is found and built again.
 */
final class TemplateFingerprint {

    /** The template database's comment: this prefix, then the hash. */
    static final String COMMENT_PREFIX = "roadlab-template ";

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    /** One text per object, sorted, so equal content gives an equal hash whatever the catalog's order. */
    private static final String OBJECTS = """
            SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' rls=' || c.relrowsecurity::text
                   || '/' || c.relforcerowsecurity::text || ' acl=' || coalesce(c.relacl::text, '')
                   || coalesce(' view=' || CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END, '')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
            UNION ALL
            SELECT 'col ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || ' notnull=' || a.attnotnull::text || coalesce(' default=' || pg_get_expr(d.adbin, d.adrelid), '')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE %1$s AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'idx ' || pg_get_indexdef(i.indexrelid)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE %1$s
            UNION ALL
            SELECT 'con ' || n.nspname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
              FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE %1$s
            UNION ALL
            SELECT 'fun ' || pg_get_functiondef(p.oid)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1$s AND p.prokind IN ('f', 'p')
            UNION ALL
            SELECT 'trg ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s AND NOT t.tgisinternal
            UNION ALL
            SELECT 'pol ' || n.nspname || '.' || c.relname || '.' || p.polname || ' ' || p.polcmd::text || ' '
                   || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
              FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE %1$s
            UNION ALL
            SELECT 'nsp ' || n.nspname || ' acl=' || coalesce(n.nspacl::text, '') FROM pg_namespace n WHERE %1$s
            ORDER BY 1""".formatted(USER_SCHEMAS);

    private static final String TABLES = "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMAS
            + " AND c.relkind IN ('r', 'm') ORDER BY 1";

    private TemplateFingerprint() {
    }

    /**
     * The hash of what the database {@code db} (connected as an administrator, before any learner had it) holds.
     * Rows are told by their count and the range of their creating transactions ({@code xmin}): a clone copies the
     * template's files, so it has the same; any INSERT, UPDATE or DELETE since the build changes the count or writes
     * row versions of a later transaction. Each table is read once without turning rows into text (the 150,000 rows of
     * audit-log-indexes: about 90 ms on a loaded 2-core machine, against about 700 ms for hashing each row's text).
     */
    static String of(Connection db) throws SQLException {
        MessageDigest digest = sha256();
        List<String> tables = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery(OBJECTS)) {
                while (rs.next()) {
                    digest.update((rs.getString(1) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            try (ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), min(xmin::text::bigint), max(xmin::text::bigint)"
                        + " FROM " + table)) {
                    rs.next();
                    digest.update(("rows " + table + " " + rs.getLong(1) + " " + rs.getString(2) + " "
                            + rs.getString(3) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
