package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.yaml.YamlFields;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns {@link RoadlabSettings} into a {@link RoadlabConfig}: the one place defaults are applied (after the choices
 * made, whoever made them) and every value is validated, each refusal naming where the value came from (an env
 * variable, a file line, a flag, or the setting's key when a host set it from Java).
 */
final class SettingsBuilder {

    /** What {@code dev.roadlab.engine.accounts.Budget#parse} reads (config depends on no other engine package). */
    static final Pattern BUDGET = Pattern.compile("off|[1-9]\\d{0,5}\\s*/\\s*([1-9]\\d{0,5})?\\s*(s|m|h|d)");

    /** A schema name both H2 and PostgreSQL take unquoted. */
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final RoadlabSettings settings;

    private SettingsBuilder(RoadlabSettings settings) {
        this.settings = settings;
    }

    static RoadlabConfig build(RoadlabSettings settings) {
        return new SettingsBuilder(settings).build();
    }

    private RoadlabConfig build() {
        for (Setting s : Setting.values()) {
            SettingFields<?> field = SettingFields.of(s);
            if (field.get().apply(settings) == null && s.defaultValue().isPresent()) {
                SettingFields.apply(settings, s, s.defaultValue().get(), "default");
            }
            Object value = field.get().apply(settings);
            if (value != null && !field.accepted(value)) {
                throw invalid(s, field.refusal());
            }
        }
        Path dataDir = settings.data.dir.toAbsolutePath().normalize();
        String basePath = Objects.requireNonNullElse(settings.http.basePath, "");
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/") || !basePath.matches("[/A-Za-z0-9._-]+"))) {
            throw invalid(Setting.BASE_PATH, "must look like /learn (a leading slash, no trailing slash)");
        }
        RoadlabConfig.Http http = new RoadlabConfig.Http(settings.http.host, settings.http.port, basePath,
                settings.http.secureCookies);
        RoadlabConfig.Database database = database(dataDir);
        Map<String, String> kinds = new TreeMap<>();
        settings.sandboxes.kinds.forEach((key, value) -> {
            RoadlabSettings.Origin origin = settings.sandboxOrigins.get(key);
            boolean fromText = origin != null && origin.value().equals(value);
            String where = fromText ? origin.where() : "sandbox." + key;
            String text = fromText ? origin.text() : value;
            SandboxSetting setting = sandboxSetting(key).orElseThrow(() -> new InvalidConfigException(where
                    + ": unknown sandbox setting" + nearestSandboxKey(key)));
            setting.check().apply(text).ifPresent(problem -> {
                throw new InvalidConfigException(where + ": '" + text + "' " + problem);
            });
            kinds.put(key, text);
        });
        SandboxSettings sandboxes = new SandboxSettings(settings.sandboxes.provider, settings.sandboxes.warmPerLab,
                kinds);
        RoadlabConfig.Grading grading = new RoadlabConfig.Grading(settings.grading.workers,
                settings.grading.queueLimit, java.time.Duration.ofSeconds(settings.grading.leaseSeconds),
                settings.grading.attempts, java.time.Duration.ofSeconds(settings.grading.shutdownSeconds),
                java.time.Duration.ofSeconds(settings.grading.pollSeconds));
        RoadlabConfig.Content content = new RoadlabConfig.Content(Optional.ofNullable(settings.course.folder),
                Optional.ofNullable(settings.labs.folder));
        return new RoadlabConfig(http, new RoadlabConfig.Data(dataDir), database, sandboxes, grading, content,
                hosting());
    }

    private RoadlabConfig.Database database(Path dataDir) {
        RoadlabSettings.Database db = settings.database;
        Optional<String> schema = Optional.ofNullable(db.schema).map(String::strip);
        if (schema.isPresent() && !SCHEMA.matcher(schema.get()).matches()) {
            throw invalid(Setting.DB_SCHEMA, "must be a schema name such as roadlab (letters, digits and"
                    + " underscores, up to 63, not starting with a digit)");
        }
        if (db.dataSource() != null) {
            if (db.url != null) {
                throw invalid(Setting.DB_URL, "cannot be used with the host's DataSource: give one or the other");
            }
            return RoadlabConfig.Database.of(db.dataSource(), schema);
        }
        String url = Objects.requireNonNullElseGet(db.url, () -> h2Url(dataDir));
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw invalid(Setting.DB_URL, "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        return new RoadlabConfig.Database(url, Objects.requireNonNullElse(db.user, ""),
                Objects.requireNonNullElse(db.password, ""), db.poolSize, Optional.empty(), schema);
    }

    private RoadlabConfig.Hosting hosting() {
        RoadlabSettings.Hosting h = settings.hosting;
        Optional<String> budget = Optional.ofNullable(h.submissionBudget);
        budget.ifPresent(text -> {
            if (!BUDGET.matcher(text.strip().toLowerCase(Locale.ROOT)).matches()) {
                throw invalid(Setting.SUBMISSION_BUDGET, "is not a budget: write N/PERIOD such as 5/10m (units s, m,"
                        + " h, d), or off");
            }
        });
        Map<String, String> budgetPerLab = Optional.ofNullable(h.submissionBudgetPerLab).map(this::budgetsPerLab)
                .orElse(Map.of());
        Optional<String> adminLogin = Optional.ofNullable(h.adminLogin);
        Optional<String> adminPassword = Optional.ofNullable(h.adminPassword);
        if (adminLogin.isPresent() != adminPassword.isPresent()) {
            throw invalid(adminLogin.isPresent() ? Setting.ADMIN_PASSWORD : Setting.ADMIN_LOGIN,
                    "must be set together with " + (adminLogin.isPresent() ? Setting.ADMIN_LOGIN.env()
                            : Setting.ADMIN_PASSWORD.env()));
        }
        return new RoadlabConfig.Hosting(h.mode, h.signUp, adminLogin, adminPassword, settings.http.trustForwarded,
                budget, budgetPerLab);
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

    /**
     * A refusal of the setting's value: named by where its text came from when it was read from text, by its key
     * when a host set it from Java, and by its env variable when it is missing.
     */
    private InvalidConfigException invalid(Setting s, String why) {
        Object value = SettingFields.of(s).get().apply(settings);
        RoadlabSettings.Origin origin = settings.origins.get(s);
        if (origin != null && Objects.equals(origin.value(), value)) {
            return new InvalidConfigException(origin.where() + ": '" + origin.text() + "' " + why);
        }
        return new InvalidConfigException((value == null ? s.env() : s.key()) + ": '" + SettingFields.show(value)
                + "' " + why);
    }

    /** Every sandbox setting of the installed kinds, by "kind.key". */
    static Map<String, SandboxSetting> sandboxSettings() {
        Map<String, SandboxSetting> all = new LinkedHashMap<>();
        for (SandboxType<?> type : SandboxTypes.installed().all()) {
            type.settings().forEach(s -> all.put(s.name(type.name()), s));
        }
        return all;
    }

    static Optional<SandboxSetting> sandboxSetting(String kindDotKey) {
        return Optional.ofNullable(sandboxSettings().get(kindDotKey));
    }

    private static String nearestSandboxKey(String key) {
        return YamlFields.closest(key, sandboxSettings().keySet()).map(k -> "; did you mean " + k + "?")
                .orElse(" (known: " + String.join(", ", sandboxSettings().keySet()) + ")");
    }
}
