package dev.roadlab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.sandbox.ProviderMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaults_serve_on_7070_with_h2_in_the_data_folder() {
        RoadlabConfig config = ConfigLoader.load(Map.of(), Map.of(), Optional.empty());
        assertThat(config.http().port()).isEqualTo(7070);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.data().dir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.database().url()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath());
        assertThat(config.sandboxes().provider()).isEqualTo(ProviderMode.AUTO);
        assertThat(config.sandboxes().values()).isEmpty();
        assertThat(config.sandboxes().warmPerLab()).isEqualTo(2);
    }

    @Test
    void flags_beat_environment_which_beats_the_file_which_beats_defaults() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, """
                http:
                  port: 8081
                  host: 0.0.0.0
                data:
                  dir: %s
                grading:
                  workers: 5
                """.formatted(dir.resolve("from-file")));
        RoadlabConfig config = ConfigLoader.load(Map.of(Setting.PORT, "9090"),
                Map.of("ROADLAB_PORT", "8082", "ROADLAB_WORKERS", "3",
                        "ROADLAB_SANDBOX_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                Optional.of(file));
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.grading().workers()).isEqualTo(3);
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.data().dir()).isEqualTo(dir.resolve("from-file"));
        assertThat(config.database().url()).contains(dir.resolve("from-file").toString());
        assertThat(config.sandboxes().given("postgres.url")).hasValue("postgresql://postgres@127.0.0.1:5432/postgres");
    }

    @Test
    void a_bad_value_names_where_it_came_from() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("ROADLAB_PORT", "seventy"), Optional.empty()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ROADLAB_PORT: 'seventy' is not a whole number from 0 to 65535");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(Setting.SANDBOX_PROVIDER, "cloud"), Map.of(), Optional.empty()))
                .hasMessage("--sandbox-provider: 'cloud' must be auto, containers or servers");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("ROADLAB_DB_URL", "mysql://x"), Optional.empty()))
                .hasMessageContaining("ROADLAB_DB_URL: 'mysql://x' must be a jdbc:h2: or jdbc:postgresql: URL");
    }

    @Test
    void an_unknown_key_in_the_file_is_refused() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, "http:\n  prot: 8080\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), Optional.of(file)))
                .hasMessage(file + ":2: unknown setting 'http.prot', did you mean 'http.port'?");
    }

    @Test
    void each_sandbox_kind_brings_its_own_settings_under_sandbox_kind_key() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, """
                sandbox:
                  provider: servers
                  postgres:
                    url: postgresql://grader@pg.internal:5432/postgres
                  nginx:
                    image: nginx:1.27
                """);
        RoadlabConfig config = ConfigLoader.load(Map.of(), Map.of("nginx.binary", "/opt/nginx/sbin/nginx"),
                Map.of("ROADLAB_SANDBOX_REDIS_URL", "redis://127.0.0.1:6380"), Optional.of(file));
        assertThat(config.sandboxes().provider()).isEqualTo(ProviderMode.SERVERS);
        assertThat(config.sandboxes().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "postgres.url", "postgresql://grader@pg.internal:5432/postgres",
                "nginx.image", "nginx:1.27",
                "nginx.binary", "/opt/nginx/sbin/nginx",
                "redis.url", "redis://127.0.0.1:6380"));
    }

    @Test
    void a_sandbox_setting_no_kind_has_or_a_value_the_kind_refuses_is_named() throws Exception {
        Path file = dir.resolve("roadlab.yaml");
        Files.writeString(file, "sandbox:\n  postgres-url: postgresql://x\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), Optional.of(file)))
                .hasMessage(file + ":2: unknown setting 'sandbox.postgres-url', did you mean 'sandbox.postgres.url'?");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("nginx.binry", "/x"), Map.of(), Optional.empty()))
                .hasMessage("--sandbox nginx.binry: unknown sandbox setting; did you mean nginx.binary?");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("ROADLAB_SANDBOX_POSTGRES_URL", "mysql://x"),
                Optional.empty()))
                .hasMessageStartingWith("ROADLAB_SANDBOX_POSTGRES_URL: 'mysql://x' not a PostgreSQL URL");
    }
}
