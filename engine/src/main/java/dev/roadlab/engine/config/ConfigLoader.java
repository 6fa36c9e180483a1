package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.yaml.YamlFields;
import dev.roadlab.grader.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds the standalone jar's sources of configuration into one {@link RoadlabSettings} (the object a host fills
 * from Java), which then gives the {@link RoadlabConfig}: flags beat environment variables, which beat the config
 * file, which beats the defaults. Roadlab's own settings are the {@link Setting}s; each installed sandbox
 * kind adds its own under {@code sandbox.<kind>.<key>} ({@code ROADLAB_SANDBOX_<KIND>_<KEY>},
 * {@code --sandbox <kind>.<key>=VALUE}). Every bad value is reported with the name it was given under.
 */
public final class ConfigLoader {

    /** Environment variable naming the config file; otherwise ./roadlab.yaml is read when present. */
    public static final String CONFIG_ENV = "ROADLAB_CONFIG";
    public static final String DEFAULT_CONFIG_FILE = "roadlab.yaml";

    private final SandboxTypes types = SandboxTypes.installed();
    private final Map<Setting, Value> values = new EnumMap<>(Setting.class);
    private final Map<String, Value> sandboxValues = new TreeMap<>();

    private record Value(String text, String origin) {
    }

    private ConfigLoader() {
    }

    /** From flags and the environment; the config file is ROADLAB_CONFIG, else ./roadlab.yaml if it exists. */
    public static RoadlabConfig load(Map<Setting, String> flags, Map<String, String> env) {
        return load(flags, Map.of(), env, configFile(env));
    }

    public static RoadlabConfig load(Map<Setting, String> flags, Map<String, String> env, Optional<Path> configFile) {
        return load(flags, Map.of(), env, configFile);
    }

    /** The config file the environment names, else ./roadlab.yaml when it exists. */
    public static Optional<Path> configFile(Map<String, String> env) {
        Optional<Path> file = Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of);
        if (file.isEmpty() && Files.isRegularFile(Path.of(DEFAULT_CONFIG_FILE))) {
            file = Optional.of(Path.of(DEFAULT_CONFIG_FILE));
        }
        return file;
    }

    /**
     * @param sandboxFlags sandbox kinds' settings from {@code --sandbox kind.key=VALUE}, by "kind.key"
     */
    public static RoadlabConfig load(Map<Setting, String> flags, Map<String, String> sandboxFlags,
                                     Map<String, String> env, Optional<Path> configFile) {
        return settings(flags, sandboxFlags, env, configFile).toConfig();
    }

    /**
     * The settings the config file, the environment and the flags choose, in that order of precedence, written into
     * the same {@link RoadlabSettings} a host fills from Java; what none of them sets is left for the defaults.
     */
    public static RoadlabSettings settings(Map<Setting, String> flags, Map<String, String> sandboxFlags,
                                           Map<String, String> env, Optional<Path> configFile) {
        ConfigLoader loader = new ConfigLoader();
        configFile.ifPresent(loader::readFile);
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null && !v.isBlank()) {
                loader.values.put(s, new Value(v.strip(), s.env()));
            }
        }
        for (SandboxType<?> type : loader.types.all()) {
            for (SandboxSetting s : type.settings()) {
                String v = env.get(s.env(type.name()));
                if (v != null && !v.isBlank()) {
                    loader.sandboxValues.put(s.name(type.name()), new Value(v.strip(), s.env(type.name())));
                }
            }
        }
        flags.forEach((s, v) -> loader.values.put(s, new Value(v.strip(), s.flag().orElse(s.key()))));
        sandboxFlags.forEach((key, v) -> loader.sandboxValues.put(key, new Value(v.strip(), "--sandbox " + key)));
        RoadlabSettings settings = new RoadlabSettings();
        loader.values.forEach((s, v) -> SettingFields.apply(settings, s, v.text(), v.origin()));
        loader.sandboxValues.forEach((key, v) -> {
            settings.sandboxes.set(key, v.text());
            settings.sandboxOrigins.put(key, new RoadlabSettings.Origin(v.text(), v.text(), v.origin()));
        });
        return settings;
    }

    /** Every sandbox setting of the installed kinds, by "kind.key", for --help and documentation. */
    public static Map<String, SandboxSetting> sandboxSettings() {
        return SettingsBuilder.sandboxSettings();
    }

    private Optional<SandboxSetting> sandboxSetting(String kindDotKey) {
        return SettingsBuilder.sandboxSetting(kindDotKey);
    }

    /** A value of the file and the line of its key. */
    private record FileValue(String text, int line) {
    }

    private void readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        YamlNode root;
        try {
            root = YamlNode.parse(text, 1);
        } catch (YamlNode.Unreadable e) {
            throw new InvalidConfigException(file + ":" + e.line() + ": " + e.getMessage());
        }
        if (!(root instanceof YamlNode.Mapping map)) {
            throw new InvalidConfigException(file + ":" + root.line() + ": expected settings like 'http: {port: 8080}'");
        }
        Map<String, FileValue> flat = new LinkedHashMap<>();
        flatten(file, "", map, flat);
        List<String> known = new ArrayList<>();
        for (Setting s : Setting.values()) {
            known.add(s.key());
        }
        sandboxSettings().keySet().forEach(k -> known.add("sandbox." + k));
        flat.forEach((key, value) -> {
            String origin = file + ":" + value.line() + ": " + key;
            Optional<Setting> setting = java.util.Arrays.stream(Setting.values()).filter(s -> s.key().equals(key))
                    .findFirst();
            if (setting.isPresent()) {
                values.put(setting.get(), new Value(value.text(), origin));
            } else if (key.startsWith("sandbox.") && sandboxSetting(key.substring("sandbox.".length())).isPresent()) {
                sandboxValues.put(key.substring("sandbox.".length()), new Value(value.text(), origin));
            } else {
                throw new InvalidConfigException(file + ":" + value.line() + ": unknown setting '" + key + "'"
                        + YamlFields.closest(key, known).map(k -> ", did you mean '" + k + "'?").orElse(""));
            }
        });
    }

    private static void flatten(Path file, String prefix, YamlNode.Mapping map, Map<String, FileValue> out) {
        map.entries().forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            switch (v) {
                case YamlNode.Mapping nested -> flatten(file, key, nested, out);
                case YamlNode.Scalar scalar -> {
                    if (!scalar.isBlank()) {
                        out.put(key, new FileValue(scalar.text(), map.lineOf(k)));
                    }
                }
                case YamlNode.Sequence list -> throw new InvalidConfigException(file + ":" + list.line() + ": " + key
                        + ": expected a value, not a list");
            }
        });
    }
}
