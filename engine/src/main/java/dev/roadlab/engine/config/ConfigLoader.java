package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Folds the sources of configuration into one {@link RoadlabConfig}: flags beat environment variables, which beat
 * the config file, which beats the defaults. Every bad value is reported with the name it was given under.
 */
public final class ConfigLoader {

    /** Environment variable naming the config file; otherwise ./roadlab.yaml is read when present. */
    public static final String CONFIG_ENV = "ROADLAB_CONFIG";
    public static final String DEFAULT_CONFIG_FILE = "roadlab.yaml";

    private final Map<Setting, Value> values = new EnumMap<>(Setting.class);

    private record Value(String text, String origin) {
    }

    private ConfigLoader() {
    }

    /** From flags and the environment; the config file is ROADLAB_CONFIG, else ./roadlab.yaml if it exists. */
    public static RoadlabConfig load(Map<Setting, String> flags, Map<String, String> env) {
        Optional<Path> file = Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of);
        if (file.isEmpty() && Files.isRegularFile(Path.of(DEFAULT_CONFIG_FILE))) {
            file = Optional.of(Path.of(DEFAULT_CONFIG_FILE));
        }
        return load(flags, env, file);
    }

    public static RoadlabConfig load(Map<Setting, String> flags, Map<String, String> env, Optional<Path> configFile) {
        ConfigLoader loader = new ConfigLoader();
        for (Setting s : Setting.values()) {
            s.defaultValue().ifPresent(d -> loader.values.put(s, new Value(d, "default")));
        }
        configFile.ifPresent(loader::readFile);
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null && !v.isBlank()) {
                loader.values.put(s, new Value(v.strip(), s.env()));
            }
        }
        flags.forEach((s, v) -> loader.values.put(s, new Value(v.strip(), s.flag().orElse(s.key()))));
        return loader.build();
    }

    private RoadlabConfig build() {
        Path dataDir = Path.of(string(Setting.DATA_DIR).orElse("data")).toAbsolutePath().normalize();
        String basePath = string(Setting.BASE_PATH).orElse("");
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/") || !basePath.matches("[/A-Za-z0-9._-]+"))) {
            throw invalid(Setting.BASE_PATH, "must look like /learn (a leading slash, no trailing slash)");
        }
        RoadlabConfig.Http http = new RoadlabConfig.Http(string(Setting.HOST).orElse("127.0.0.1"),
                integer(Setting.PORT, 0, 65535), basePath, bool(Setting.SECURE_COOKIES));
        String dbUrl = string(Setting.DB_URL).orElseGet(() -> h2Url(dataDir));
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw invalid(Setting.DB_URL, "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        RoadlabConfig.Database database = new RoadlabConfig.Database(dbUrl, string(Setting.DB_USER).orElse(""),
                string(Setting.DB_PASSWORD).orElse(""), integer(Setting.DB_POOL_SIZE, 1, 200));
        ProviderMode provider;
        try {
            provider = ProviderMode.parse(string(Setting.SANDBOX_PROVIDER).orElse("auto"));
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.SANDBOX_PROVIDER, "must be auto, containers or servers");
        }
        SandboxSettings sandboxes = new SandboxSettings(provider, string(Setting.SANDBOX_POSTGRES_URL),
                string(Setting.SANDBOX_REDIS_URL), string(Setting.SANDBOX_REDIS_SERVER).map(Path::of),
                string(Setting.SANDBOX_NGINX).map(Path::of),
                string(Setting.SANDBOX_POSTGRES_IMAGE).orElse(SandboxSettings.DEFAULT_POSTGRES_IMAGE),
                string(Setting.SANDBOX_REDIS_IMAGE).orElse(SandboxSettings.DEFAULT_REDIS_IMAGE),
                string(Setting.SANDBOX_NGINX_IMAGE).orElse(SandboxSettings.DEFAULT_NGINX_IMAGE),
                integer(Setting.SANDBOX_WARM, 0, 16));
        RoadlabConfig.Grading grading = new RoadlabConfig.Grading(integer(Setting.WORKERS, 0, 64));
        RoadlabConfig.Content content = new RoadlabConfig.Content(string(Setting.COURSE_DIR).map(Path::of),
                string(Setting.LABS_DIR).map(Path::of));
        return new RoadlabConfig(http, new RoadlabConfig.Data(dataDir), database, sandboxes, grading, content);
    }

    /** The embedded default: an H2 file database in the data folder. */
    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("roadlab").toString().replace('\\', '/') + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private Optional<String> string(Setting s) {
        return Optional.ofNullable(values.get(s)).map(Value::text).filter(t -> !t.isEmpty());
    }

    private int integer(Setting s, int min, int max) {
        return parse(s, text -> {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException();
            }
            return n;
        }, "a whole number from " + min + " to " + max);
    }

    private boolean bool(Setting s) {
        return parse(s, text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException();
        }, "true or false");
    }

    private <T> T parse(Setting s, Function<String, T> parser, String expected) {
        Value v = values.get(s);
        try {
            return parser.apply(v.text());
        } catch (RuntimeException e) {
            throw new InvalidConfigException(v.origin() + ": '" + v.text() + "' is not " + expected);
        }
    }

    private InvalidConfigException invalid(Setting s, String why) {
        Value v = values.get(s);
        String origin = v == null ? s.env() : v.origin();
        return new InvalidConfigException(origin + ": '" + (v == null ? "" : v.text()) + "' " + why);
    }

    private void readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage());
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidConfigException(file + ": expected settings like 'http: {port: 8080}'");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", map, flat);
        flat.forEach((key, value) -> {
            Setting setting = null;
            for (Setting s : Setting.values()) {
                if (s.key().equals(key)) {
                    setting = s;
                }
            }
            if (setting == null) {
                throw new InvalidConfigException(file + ": unknown setting '" + key + "'");
            }
            values.put(setting, new Value(value, file + ": " + key));
        });
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key, nested, out);
            } else if (v != null) {
                out.put(key, String.valueOf(v));
            }
        });
    }
}
