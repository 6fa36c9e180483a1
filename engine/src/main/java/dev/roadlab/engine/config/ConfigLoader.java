package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Folds the sources of configuration into one {@link RoadlabConfig}: flags beat environment variables, which beat
 * the config file, which beats the defaults. Roadlab's own settings are the {@link Setting}s; each installed sandbox
 * kind adds its own under {@code sandbox.<kind>.<key>} ({@code ROADLAB_SANDBOX_<KIND>_<KEY>},
 * {@code --sandbox <kind>.<key>=VALUE}). Every bad value is reported with the name it was given under.
 */
public final class ConfigLoader {

    /** Environment variable naming the config file; otherwise ./roadlab.yaml is read when present. */
    public static final String CONFIG_ENV = "ROADLAB_CONFIG";
    public static final String DEFAULT_CONFIG_FILE = "roadlab.yaml";

    /** What {@code dev.roadlab.engine.accounts.Budget#parse} reads (config depends on no other engine package). */
    static final java.util.regex.Pattern BUDGET = java.util.regex.Pattern.compile(
            "off|[1-9]\\d{0,5}\\s*/\\s*([1-9]\\d{0,5})?\\s*(s|m|h|d)");

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
        for (SandboxType<?> type : loader.types.all()) {
            for (SandboxSetting s : type.settings()) {
                String v = env.get(s.env(type.name()));
                if (v != null && !v.isBlank()) {
                    loader.sandboxValues.put(s.name(type.name()), new Value(v.strip(), s.env(type.name())));
                }
            }
        }
        flags.forEach((s, v) -> loader.values.put(s, new Value(v.strip(), s.flag().orElse(s.key()))));
        sandboxFlags.forEach((key, v) -> {
            loader.sandboxSetting(key).orElseThrow(() -> new InvalidConfigException("--sandbox " + key
                    + ": unknown sandbox setting" + loader.nearestSandboxKey(key)));
            loader.sandboxValues.put(key, new Value(v.strip(), "--sandbox " + key));
        });
        return loader.build();
    }

    /** Every sandbox setting of the installed kinds, by "kind.key", for --help and documentation. */
    public static Map<String, SandboxSetting> sandboxSettings() {
        Map<String, SandboxSetting> all = new LinkedHashMap<>();
        for (SandboxType<?> type : SandboxTypes.installed().all()) {
            type.settings().forEach(s -> all.put(s.name(type.name()), s));
        }
        return all;
    }

    private Optional<SandboxSetting> sandboxSetting(String kindDotKey) {
        int dot = kindDotKey.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return types.find(kindDotKey.substring(0, dot)).flatMap(t -> t.settings().stream()
                .filter(s -> s.key().equals(kindDotKey.substring(dot + 1))).findFirst());
    }

    private String nearestSandboxKey(String key) {
        return YamlFields.closest(key, sandboxSettings().keySet()).map(k -> "; did you mean " + k + "?")
                .orElse(" (known: " + String.join(", ", sandboxSettings().keySet()) + ")");
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
        Map<String, String> kinds = new TreeMap<>();
        sandboxValues.forEach((key, value) -> {
            sandboxSetting(key).flatMap(s -> s.check().apply(value.text())).ifPresent(problem -> {
                throw new InvalidConfigException(value.origin() + ": '" + value.text() + "' " + problem);
            });
            kinds.put(key, value.text());
        });
        SandboxSettings sandboxes = new SandboxSettings(provider, integer(Setting.SANDBOX_WARM, 0, 16), kinds);
        RoadlabConfig.Grading grading = new RoadlabConfig.Grading(integer(Setting.WORKERS, 0, 64));
        RoadlabConfig.Content content = new RoadlabConfig.Content(string(Setting.COURSE_DIR).map(Path::of),
                string(Setting.LABS_DIR).map(Path::of));
        RoadlabConfig.Mode mode = choice(Setting.MODE, RoadlabConfig.Mode.class, "auto, single-user or hosted");
        RoadlabConfig.SignUp signUp = choice(Setting.SIGNUP, RoadlabConfig.SignUp.class, "open, invite or closed");
        Optional<String> budget = string(Setting.SUBMISSION_BUDGET);
        budget.ifPresent(text -> {
            if (!BUDGET.matcher(text.strip().toLowerCase(Locale.ROOT)).matches()) {
                throw invalid(Setting.SUBMISSION_BUDGET, "is not a budget: write N/PERIOD such as 5/10m (units s, m,"
                        + " h, d), or off");
            }
        });
        Map<String, String> budgetPerLab = string(Setting.SUBMISSION_BUDGET_PER_LAB).map(this::budgetsPerLab)
                .orElse(Map.of());
        Optional<String> adminLogin = string(Setting.ADMIN_LOGIN);
        Optional<String> adminPassword = string(Setting.ADMIN_PASSWORD);
        if (adminLogin.isPresent() != adminPassword.isPresent()) {
            throw invalid(adminLogin.isPresent() ? Setting.ADMIN_PASSWORD : Setting.ADMIN_LOGIN,
                    "must be set together with " + (adminLogin.isPresent() ? Setting.ADMIN_LOGIN.env()
                            : Setting.ADMIN_PASSWORD.env()));
        }
        RoadlabConfig.Hosting hosting = new RoadlabConfig.Hosting(mode, signUp, adminLogin, adminPassword,
                bool(Setting.TRUST_FORWARDED), budget, budgetPerLab);
        return new RoadlabConfig(http, new RoadlabConfig.Data(dataDir), database, sandboxes, grading, content,
                hosting);
    }

    /**
     * {@code lab-id=3/10m,other-lab=off}: lab id to budget text, written back the way {@code Budget} prints it. Blank
     * parts (a trailing comma) are skipped; a part without {@code =}, a lab id that cannot be one, a bad budget or a
     * lab named twice is refused, naming that part. Whether each lab exists is checked at start, against the labs.
     */
    private Map<String, String> budgetsPerLab(String text) {
        Map<String, String> budgets = new TreeMap<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String lab = eq < 0 ? "" : p.substring(0, eq).strip();
            String where = "has a bad part '" + p + "': ";
            if (eq < 0) {
                throw invalid(Setting.SUBMISSION_BUDGET_PER_LAB, where + "write lab-id=BUDGET, such as "
                        + "audit-log-indexes=3/10m, and separate labs with commas");
            }
            if (!lab.matches("[a-z0-9]+(-[a-z0-9]+){0,30}") || lab.length() > 100) {
                throw invalid(Setting.SUBMISSION_BUDGET_PER_LAB, where + "'" + lab + "' is not a lab id (lower-case "
                        + "letters, digits and dashes, such as audit-log-indexes)");
            }
            String value = p.substring(eq + 1).strip();
            String normalized;
            try {
                normalized = dev.roadlab.engine.accounts.Budget.parse(value).map(Object::toString).orElse("off");
            } catch (IllegalArgumentException e) {
                throw invalid(Setting.SUBMISSION_BUDGET_PER_LAB, where + "'" + value + "' is not a budget: write "
                        + "N/PERIOD such as 5/10m (units s, m, h, d), or off");
            }
            if (budgets.put(lab, normalized) != null) {
                throw invalid(Setting.SUBMISSION_BUDGET_PER_LAB, where + "lab '" + lab + "' is named twice");
            }
        }
        return budgets;
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

    /** An enum setting written in lower case with dashes: single-user for SINGLE_USER. */
    private <E extends Enum<E>> E choice(Setting s, Class<E> type, String expected) {
        return parse(s, text -> Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_')), expected);
    }

    private boolean bool(Setting s) {
        return parse(s, text -> switch (text.toLowerCase(Locale.ROOT)) {
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
