package dev.roadlab.engine.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roadlab.engine.db.cache.RecentReads;
import dev.roadlab.engine.config.RoadlabConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.tools.jdbc.JDBCUtils;

/**
 * Roadlab's own database: H2 by default, PostgreSQL for hosting, or a host application's own {@link DataSource}.
 * Opening it migrates it (Flyway: the common migrations plus the vendor's own folder when one exists) and gives a
 * jOOQ context over the pool. With a schema, Roadlab's tables and its migration history live in that schema only, so
 * a host's own tables and its own {@code flyway_schema_history} are never touched.
 */
public final class Database implements AutoCloseable {

    private static final String MIGRATIONS = "db/migration/";

    private final DataSource dataSource;
    /** The pool Roadlab made itself and so closes; null when the host gave its own, which the host closes. */
    private final HikariDataSource ownPool;
    private final DSLContext dsl;

    private final SQLDialect dialect;
    private final Optional<String> schema;

    private Database(DataSource dataSource, HikariDataSource ownPool, SQLDialect dialect, Optional<String> schema,
                     RecentReads reads) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.dialect = dialect;
        this.schema = schema;
        // Unquoted names: H2 folds them to upper case and PostgreSQL to lower case, so the same migrations and the
        // same generated classes work on both. The generated classes have no schema; with one, every table is
        // rendered qualified by it, whatever the connection's search path (the host's pool keeps its own).
        Settings settings = new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED);
        schema.ifPresent(s -> settings.withRenderMapping(new RenderMapping().withSchemata(
                new MappedSchema().withInput(GENERATED_SCHEMA).withOutput(s))));
        this.dsl = DSL.using(reads.watching(new DefaultConfiguration()
                .set(dataSource).set(dialect).set(settings)));
    }

    /**
     * Recent reads are kept for an embedded H2 database only: it is this process's alone (H2 locks the file), so
     * every write goes through this process. Not over H2's TCP server or with AUTO_SERVER, where others write too.
     */
    static RecentReads recentReadsFor(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        boolean embedded = u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                && !u.replace(" ", "").contains("auto_server=true");
        return embedded ? RecentReads.kept() : RecentReads.NONE;
    }

    /** The name of the schema the generated classes belong to (none: the migrations name no schema). */
    private static final String GENERATED_SCHEMA = dev.roadlab.engine.db.jooq.DefaultSchema.DEFAULT_SCHEMA.getName();

    public static Database open(RoadlabConfig.Database config) {
        if (config.dataSource().isPresent()) {
            DataSource hosts = config.dataSource().get();
            SQLDialect dialect = dialectOf(hosts);
            Optional<String> schema = config.schema().map(s -> folded(s, dialect));
            migrate(hosts, dialect, schema);
            return new Database(hosts, null, dialect, schema, RecentReads.NONE); // the host may write beside us
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("roadlab");
        hikari.setConnectionTimeout(5_000); // a request waits this long for a connection, then answers 503
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            SQLDialect dialect = JDBCUtils.dialect(config.url());
            Optional<String> schema = config.schema().map(s -> folded(s, dialect));
            migrate(pool, dialect, schema);
            return new Database(pool, pool, dialect, schema, recentReadsFor(config.url()));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** H2 or PostgreSQL, from what the host's pool says it connects to. */
    private static SQLDialect dialectOf(DataSource dataSource) {
        SQLDialect dialect;
        try (Connection c = dataSource.getConnection()) {
            dialect = JDBCUtils.dialect(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Roadlab cannot connect through the host's DataSource: " + e.getMessage(), e);
        }
        if (dialect.family() != SQLDialect.H2 && dialect.family() != SQLDialect.POSTGRES) {
            throw new IllegalStateException("Roadlab's database must be H2 or PostgreSQL; the host's DataSource is "
                    + dialect.getName());
        }
        return dialect.family();
    }

    /**
     * The schema as the database stores an unquoted name (H2: upper case, PostgreSQL: lower case), since Flyway
     * quotes the names it is given and jOOQ renders this one unquoted: both then mean the same schema.
     */
    private static String folded(String schema, SQLDialect dialect) {
        return dialect.family() == SQLDialect.H2 ? schema.toUpperCase(Locale.ROOT) : schema.toLowerCase(Locale.ROOT);
    }

    private static void migrate(DataSource dataSource, SQLDialect dialect, Optional<String> schema) {
        flyway(dataSource, dialect, schema).migrate();
    }

    private static Flyway flyway(DataSource dataSource, SQLDialect dialect, Optional<String> schema) {
        String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "h2";
        List<String> locations = new ArrayList<>(List.of("classpath:" + MIGRATIONS + "common"));
        if (Database.class.getClassLoader().getResource(MIGRATIONS + vendor) != null) {
            locations.add("classpath:" + MIGRATIONS + vendor);
        }
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(false);
        // Flyway runs the migrations with this schema current and keeps its history table inside it.
        schema.ifPresent(s -> flyway.schemas(s).defaultSchema(s).createSchemas(true));
        return flyway.load();
    }

    /**
     * The migrations this Roadlab knows that the database has not applied (another process's newer or older
     * schema): readiness reports them. Reads the migration history; throws if the database does not answer.
     */
    public List<String> pendingMigrations() {
        return java.util.Arrays.stream(flyway(dataSource, dialect, schema).info().pending())
                .map(m -> m.getVersion() + " " + m.getDescription()).toList();
    }

    /** The connection pool Roadlab made itself (its metrics are Roadlab's to publish); empty for a host's own. */
    public Optional<HikariDataSource> ownPool() {
        return Optional.ofNullable(ownPool);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool Roadlab made; a host's own DataSource stays open (the host closes it). */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /**
     * Whether {@code failure} says the database did not answer (down, restarting, unreachable, or no connection free
     * within the pool's timeout) rather than that a statement was wrong: callers answer 503 and try again later.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true; // connection exceptions; admin shutdown, crash shutdown, cannot connect now
            }
        }
        return false;
    }
}
