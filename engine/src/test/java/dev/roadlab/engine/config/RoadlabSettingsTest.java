package dev.roadlab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.sandbox.ProviderMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed settings a host writes from Java, and the standalone jar's env, file and flags writing the same object. */
class RoadlabSettingsTest {

    @TempDir
    Path dir;

    @Test
    void what_the_host_leaves_unset_takes_its_default_after_the_hosts_choices() {
        RoadlabSettings cfg = new RoadlabSettings();
        cfg.http.basePath = "/learn";
        cfg.grading.workers = 0;
        cfg.course.folder(dir.resolve("course"));
        cfg.hosting.mode = RoadlabConfig.Mode.HOSTED;
        cfg.hosting.submissionBudget("audit-log-indexes", "3/10m");
        RoadlabConfig config = cfg.toConfig();
        assertThat(config.http().basePath()).isEqualTo("/learn");
        assertThat(config.grading().workers()).isZero();
        assertThat(config.content().courseDir()).hasValue(dir.resolve("course"));
        assertThat(config.content().labsDir()).isEmpty();
        assertThat(config.hosting().mode()).isEqualTo(RoadlabConfig.Mode.HOSTED);
        assertThat(config.hosting().submissionBudgetPerLab()).containsExactlyEntriesOf(Map.of("audit-log-indexes", "3/10m"));
        // Everything else is what a fresh checkout runs with.
        RoadlabConfig defaults = RoadlabConfig.defaults();
        assertThat(config.http().port()).isEqualTo(7070).isEqualTo(defaults.http().port());
        assertThat(config.http().secureCookies()).isTrue();
        assertThat(config.database()).isEqualTo(defaults.database());
        assertThat(config.database().schema()).isEmpty();
        assertThat(config.sandboxes()).isEqualTo(defaults.sandboxes());
        assertThat(config.hosting().signUp()).isEqualTo(RoadlabConfig.SignUp.INVITE);
        assertThat(cfg.http.port).as("the defaults are written into the host's object too").isEqualTo(7070);
    }

    @Test
    void a_hosts_datasource_and_schema_replace_the_url() {
        JdbcDataSource hosts = new JdbcDataSource();
        RoadlabSettings cfg = new RoadlabSettings();
        cfg.database.dataSource(hosts);
        cfg.database.schema = "roadlab";
        RoadlabConfig.Database database = cfg.toConfig().database();
        assertThat(database.dataSource()).containsSame(hosts);
        assertThat(database.schema()).hasValue("roadlab");
        assertThat(database.url()).isEmpty();
        assertThat(database.toString()).isEqualTo("Database[the host's DataSource, schema=roadlab]");

        cfg.database.url = "jdbc:postgresql://db/x";
        assertThatThrownBy(cfg::toConfig).isInstanceOf(InvalidConfigException.class)
                .hasMessage("database.url: 'jdbc:postgresql://db/x' cannot be used with the host's DataSource: give"
                        + " one or the other");
    }

    @Test
    void a_bad_value_set_from_java_is_refused_by_its_key_with_the_loaders_words() {
        RoadlabSettings port = new RoadlabSettings();
        port.http.port = 70000;
        assertThatThrownBy(port::toConfig).isInstanceOf(InvalidConfigException.class)
                .hasMessage("http.port: '70000' is not a whole number from 0 to 65535");
        RoadlabSettings base = new RoadlabSettings();
        base.http.basePath = "learn/";
        assertThatThrownBy(base::toConfig)
                .hasMessage("http.base-path: 'learn/' must look like /learn (a leading slash, no trailing slash)");
        RoadlabSettings schema = new RoadlabSettings();
        schema.database.schema = "road lab";
        assertThatThrownBy(schema::toConfig).hasMessageStartingWith("database.schema: 'road lab' must be a schema name");
        RoadlabSettings url = new RoadlabSettings();
        url.database.url = "mysql://x";
        assertThatThrownBy(url::toConfig).hasMessage("database.url: 'mysql://x' must be a jdbc:h2: or jdbc:postgresql: URL");
        RoadlabSettings sandbox = new RoadlabSettings();
        sandbox.sandboxes.set("nginx.binry", "/x");
        assertThatThrownBy(sandbox::toConfig)
                .hasMessage("sandbox.nginx.binry: unknown sandbox setting; did you mean nginx.binary?");
        RoadlabSettings kind = new RoadlabSettings();
        kind.sandboxes.set("postgres.url", "mysql://x");
        assertThatThrownBy(kind::toConfig).hasMessageStartingWith("sandbox.postgres.url: 'mysql://x' not a PostgreSQL URL");
        RoadlabSettings admin = new RoadlabSettings();
        admin.hosting.adminLogin = "root";
        assertThatThrownBy(admin::toConfig)
                .hasMessage("ROADLAB_ADMIN_PASSWORD: '' must be set together with ROADLAB_ADMIN_LOGIN");
        RoadlabSettings budget = new RoadlabSettings();
        budget.hosting.submissionBudget("audit-log-indexes", "5/xm");
        assertThatThrownBy(budget::toConfig).hasMessage("grading.submission-budget-per-lab: 'audit-log-indexes=5/xm'"
                + " has a bad part 'audit-log-indexes=5/xm': '5/xm' is not a budget: write N/PERIOD such as 5/10m"
                + " (units s, m, h, d), or off");
    }

    @Test
    void env_file_and_flags_write_the_same_typed_object_a_host_writes() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, """
                http:
                  port: 8081
                database:
                  schema: roadlab
                sandbox:
                  provider: servers
                  nginx:
                    image: nginx:1.27
                """);
        RoadlabSettings settings = ConfigLoader.settings(Map.of(Setting.PORT, "9090", Setting.MODE, "single-user"),
                Map.of("nginx.binary", "/opt/nginx/sbin/nginx"),
                Map.of("ROADLAB_WORKERS", "3", "ROADLAB_LABS_DIR", dir.resolve("labs").toString()), Optional.of(file));
        assertThat(settings.http.port).isEqualTo(9090);
        assertThat(settings.grading.workers).isEqualTo(3);
        assertThat(settings.labs.folder).isEqualTo(dir.resolve("labs"));
        assertThat(settings.database.schema).isEqualTo("roadlab");
        assertThat(settings.sandboxes.provider).isEqualTo(ProviderMode.SERVERS);
        assertThat(settings.hosting.mode).isEqualTo(RoadlabConfig.Mode.SINGLE_USER);
        assertThat(settings.sandboxes.kinds()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nginx.image", "nginx:1.27", "nginx.binary", "/opt/nginx/sbin/nginx"));
        assertThat(settings.http.host).as("unset: left for the defaults").isNull();

        // The jar's embedder may still change what was read; the result is built the same way.
        settings.http.basePath = "/learn";
        RoadlabConfig config = settings.toConfig();
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().basePath()).isEqualTo("/learn");
        assertThat(config.database().schema()).hasValue("roadlab");
        assertThat(config).isEqualTo(ConfigLoader.load(Map.of(Setting.PORT, "9090", Setting.MODE, "single-user",
                        Setting.BASE_PATH, "/learn"), Map.of("nginx.binary", "/opt/nginx/sbin/nginx"),
                Map.of("ROADLAB_WORKERS", "3", "ROADLAB_LABS_DIR", dir.resolve("labs").toString()), Optional.of(file)));
    }

    @Test
    void a_value_read_from_text_is_refused_by_where_it_came_from_until_the_host_replaces_it() {
        assertThatThrownBy(() -> ConfigLoader.settings(Map.of(), Map.of(), Map.of("ROADLAB_WORKERS", "65"),
                Optional.empty())).hasMessage("ROADLAB_WORKERS: '65' is not a whole number from 0 to 64");
        RoadlabSettings settings = ConfigLoader.settings(Map.of(), Map.of(),
                Map.of("ROADLAB_BASE_PATH", "learn", "ROADLAB_DB_SCHEMA", "roadlab"), Optional.empty());
        assertThatThrownBy(settings::toConfig)
                .hasMessage("ROADLAB_BASE_PATH: 'learn' must look like /learn (a leading slash, no trailing slash)");
        settings.http.basePath = "/learn/";
        assertThatThrownBy(settings::toConfig)
                .hasMessage("http.base-path: '/learn/' must look like /learn (a leading slash, no trailing slash)");
        settings.http.basePath = "/learn";
        assertThat(settings.toConfig().database().schema()).hasValue("roadlab");
    }
}
