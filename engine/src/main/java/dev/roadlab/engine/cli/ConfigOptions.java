package dev.roadlab.engine.cli;

import dev.roadlab.engine.config.ConfigLoader;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The configuration flags every command takes; each maps to a {@link Setting} and beats its env variable. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: $ROADLAB_CONFIG, else ./roadlab.yaml if present).")
    Path config;

    @Option(names = "--port", description = "HTTP port (ROADLAB_PORT, default 7070).")
    String port;

    @Option(names = "--host", description = "Listen address (ROADLAB_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--base-path", description = "Path prefix to serve under (ROADLAB_BASE_PATH).")
    String basePath;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Roadlab's data folder (ROADLAB_DATA_DIR, default ./data).")
    String dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "Roadlab's database (ROADLAB_DB_URL, default H2 in the data folder).")
    String dbUrl;

    @Option(names = "--sandbox-provider", paramLabel = "auto|containers|servers", description = "Where sandboxes come from (ROADLAB_SANDBOX_PROVIDER, default auto).")
    String sandboxProvider;

    @Option(names = "--sandbox", paramLabel = "KIND.KEY=VALUE", mapFallbackValue = "",
            description = "A sandbox kind's setting, e.g. --sandbox postgres.url=postgresql://... "
                    + "(ROADLAB_SANDBOX_<KIND>_<KEY>; `roadlab validate --help` lists them).")
    Map<String, String> sandbox = new java.util.LinkedHashMap<>();

    @Option(names = "--workers", description = "Submissions graded at once (ROADLAB_WORKERS, default 2).")
    String workers;

    @Option(names = {"--content", "--course"}, paramLabel = "DIR",
            description = "Use this course folder (course.yaml, modules/, images/) instead of the bundled one (ROADLAB_COURSE_DIR).")
    String course;

    @Option(names = "--labs", paramLabel = "DIR", description = "Add the labs in this folder (ROADLAB_LABS_DIR).")
    String labs;

    @Option(names = "--mode", paramLabel = "auto|single-user|hosted",
            description = "Sign-in: hosted requires it, single-user has none, auto is hosted once an admin exists (ROADLAB_MODE, default auto).")
    String mode;

    RoadlabConfig load() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.PORT, port);
        put(flags, Setting.HOST, host);
        put(flags, Setting.BASE_PATH, basePath);
        put(flags, Setting.DATA_DIR, dataDir);
        put(flags, Setting.DB_URL, dbUrl);
        put(flags, Setting.SANDBOX_PROVIDER, sandboxProvider);
        put(flags, Setting.WORKERS, workers);
        put(flags, Setting.COURSE_DIR, course);
        put(flags, Setting.LABS_DIR, labs);
        put(flags, Setting.MODE, mode);
        Map<String, String> env = System.getenv();
        return ConfigLoader.load(flags, sandbox, env,
                config != null ? Optional.of(config) : ConfigLoader.configFile(env));
    }

    private static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
