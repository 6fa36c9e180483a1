package dev.roadlab.engine.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roadlab.engine.config.RoadlabConfig;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

/**
 * Roadlab's own database: H2 by default, PostgreSQL for hosting. Opening it migrates it (Flyway: the common
 * migrations plus the vendor's own folder when one exists) and gives a jOOQ context over a connection pool.
 */
public final class Database implements AutoCloseable {

    private static final String MIGRATIONS = "db/migration/";

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource, SQLDialect dialect) {
        this.dataSource = dataSource;
        // Unquoted names: H2 folds them to upper case and PostgreSQL to lower case, so the same migrations and the
        // same generated classes work on both.
        this.dsl = DSL.using(dataSource, dialect,
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }

    public static Database open(RoadlabConfig.Database config) {
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
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            migrate(dataSource, vendor(config.url()));
            return new Database(dataSource, JDBCUtils.dialect(config.url()));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static void migrate(DataSource dataSource, String vendor) {
        List<String> locations = new ArrayList<>(List.of("classpath:" + MIGRATIONS + "common"));
        if (Database.class.getClassLoader().getResource(MIGRATIONS + vendor) != null) {
            locations.add("classpath:" + MIGRATIONS + vendor);
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    private static String vendor(String url) {
        return url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
