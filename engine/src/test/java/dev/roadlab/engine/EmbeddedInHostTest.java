package dev.roadlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.web.RoadlabPlugin;
import dev.roadlab.grader.submission.Submission;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A host's Javalin app written the way the README shows: its own pool on PostgreSQL and its own route, Roadlab
 * created with {@code Roadlab.create(cfg -> ...)} in a schema of its own and mounted at /learn as a plugin.
 */
class EmbeddedInHostTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void a_host_mounts_roadlab_on_its_own_datasource_and_schema_and_serves_its_pages_under_the_base_path()
            throws Exception {
        try (TestDatabases.Postgres pg = TestDatabases.postgres(); HikariDataSource hostsPool = pool(pg)) {
            java.nio.file.Path data = Files.createTempDirectory("roadlab-embedded");
            Roadlab roadlab = Roadlab.create(cfg -> {
                cfg.http.basePath = "/learn";
                cfg.database.dataSource(hostsPool);
                cfg.database.schema = "roadlab";
                cfg.data.dir(data);
                cfg.grading.workers = 0;
            });
            Javalin app = Javalin.create(config -> {
                config.jetty.host = "127.0.0.1";
                config.jetty.port = 0;
                config.startup.showJavalinBanner = false;
                config.routes.get("/", ctx -> ctx.result("the host's own home"));
                config.registerPlugin(new RoadlabPlugin(p -> p.roadlab = roadlab));
            });
            try {
                app.start();
                HttpResponse<String> home = get(app, "/learn/");
                assertThat(home.statusCode()).isEqualTo(200);
                assertThat(home.body()).contains(roadlab.course().title()).contains("href=\"/learn/");
                HttpResponse<String> lab = get(app, roadlab.urls().lab("audit-log-indexes"));
                assertThat(lab.statusCode()).isEqualTo(200);
                assertThat(get(app, "/").body()).isEqualTo("the host's own home");

                String id = roadlab.submissions().submit("audit-log-indexes",
                        Submission.ofText(Map.of("migration.sql", "SELECT 1;")), Caller.nobody("test"));
                assertThat(roadlab.submissions().find(id, Caller.nobody("test"))).isPresent();
                assertThat(count(hostsPool, "SELECT count(*) FROM roadlab.submissions")).isEqualTo(1);
                assertThat(count(hostsPool, "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = 'public'")).as("nothing of Roadlab's in the host's schema").isZero();
            } finally {
                app.stop();
                roadlab.close();
            }
            assertThat(hostsPool.isClosed()).isFalse();
            assertThat(count(hostsPool, "SELECT count(*) FROM roadlab.submissions")).isEqualTo(1);
        }
    }

    private static HikariDataSource pool(TestDatabases.Postgres pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.config().url());
        config.setMaximumPoolSize(4);
        config.setPoolName("host");
        return new HikariDataSource(config);
    }

    private HttpResponse<String> get(Javalin app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(HikariDataSource pool, String sql) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
