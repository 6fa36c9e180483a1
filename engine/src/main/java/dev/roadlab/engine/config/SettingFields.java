package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.ProviderMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which field of {@link RoadlabSettings} each {@link Setting} writes, how its text (env, file, flag, default) is
 * read, and which values it accepts: the one table the loader, the defaults and the validation share.
 *
 * @param get      the field's value (null: not set)
 * @param set      writes the field
 * @param parse    reads the text form; throws when the text is not a value
 * @param accepts  whether a value is allowed (ranges)
 * @param refusal  what is said of a value it does not accept ("is not a whole number from 0 to 65535")
 */
record SettingFields<T>(Function<RoadlabSettings, T> get, BiConsumer<RoadlabSettings, T> set,
                        Function<String, T> parse, Predicate<T> accepts, String refusal) {

    static SettingFields<?> of(Setting setting) {
        return switch (setting) {
            case HOST -> text(s -> s.http.host, (s, v) -> s.http.host = v);
            case PORT -> integer(s -> s.http.port, (s, v) -> s.http.port = v, 0, 65535);
            case BASE_PATH -> text(s -> s.http.basePath, (s, v) -> s.http.basePath = v);
            case SECURE_COOKIES -> bool(s -> s.http.secureCookies, (s, v) -> s.http.secureCookies = v);
            case TRUST_FORWARDED -> bool(s -> s.http.trustForwarded, (s, v) -> s.http.trustForwarded = v);
            case DATA_DIR -> path(s -> s.data.dir, (s, v) -> s.data.dir = v);
            case DB_URL -> text(s -> s.database.url, (s, v) -> s.database.url = v);
            case DB_USER -> text(s -> s.database.user, (s, v) -> s.database.user = v);
            case DB_PASSWORD -> text(s -> s.database.password, (s, v) -> s.database.password = v);
            case DB_POOL_SIZE -> integer(s -> s.database.poolSize, (s, v) -> s.database.poolSize = v, 1, 200);
            case DB_SCHEMA -> text(s -> s.database.schema, (s, v) -> s.database.schema = v);
            case SANDBOX_PROVIDER -> new SettingFields<>(s -> s.sandboxes.provider, (s, v) -> s.sandboxes.provider = v,
                    ProviderMode::parse, v -> true, "must be auto, containers or servers");
            case SANDBOX_WARM -> integer(s -> s.sandboxes.warmPerLab, (s, v) -> s.sandboxes.warmPerLab = v, 0, 16);
            case WORKERS -> integer(s -> s.grading.workers, (s, v) -> s.grading.workers = v, 0, 64);
            case QUEUE_LIMIT -> integer(s -> s.grading.queueLimit, (s, v) -> s.grading.queueLimit = v, 1, 1_000_000);
            case LEASE_SECONDS -> integer(s -> s.grading.leaseSeconds, (s, v) -> s.grading.leaseSeconds = v, 1, 3600);
            case GRADING_ATTEMPTS -> integer(s -> s.grading.attempts, (s, v) -> s.grading.attempts = v, 1, 10);
            case SHUTDOWN_SECONDS -> integer(s -> s.grading.shutdownSeconds, (s, v) -> s.grading.shutdownSeconds = v,
                    0, 3600);
            case POLL_SECONDS -> integer(s -> s.grading.pollSeconds, (s, v) -> s.grading.pollSeconds = v, 1, 3600);
            case COURSE_DIR -> path(s -> s.course.folder, (s, v) -> s.course.folder = v);
            case LABS_DIR -> path(s -> s.labs.folder, (s, v) -> s.labs.folder = v);
            case MODE -> choice(s -> s.hosting.mode, (s, v) -> s.hosting.mode = v, RoadlabConfig.Mode.class,
                    "auto, single-user or hosted");
            case SIGNUP -> choice(s -> s.hosting.signUp, (s, v) -> s.hosting.signUp = v, RoadlabConfig.SignUp.class,
                    "open, invite or closed");
            case ADMIN_LOGIN -> text(s -> s.hosting.adminLogin, (s, v) -> s.hosting.adminLogin = v);
            case ADMIN_PASSWORD -> text(s -> s.hosting.adminPassword, (s, v) -> s.hosting.adminPassword = v);
            case SUBMISSION_BUDGET -> text(s -> s.hosting.submissionBudget, (s, v) -> s.hosting.submissionBudget = v);
            case SUBMISSION_BUDGET_PER_LAB -> text(s -> s.hosting.submissionBudgetPerLab,
                    (s, v) -> s.hosting.submissionBudgetPerLab = v);
        };
    }

    /**
     * Writes {@code text} into the setting's field, remembering where it came from; a text that is not a value is
     * refused at once, naming that place.
     */
    static void apply(RoadlabSettings settings, Setting setting, String text, String where) {
        SettingFields<?> field = of(setting);
        field.write(settings, setting, text, where);
    }

    private void write(RoadlabSettings settings, Setting setting, String text, String where) {
        T value;
        try {
            value = parse.apply(text);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(where + ": '" + text + "' " + refusal);
        }
        set.accept(settings, value);
        settings.origins.put(setting, new RoadlabSettings.Origin(value, text, where));
    }

    /** How a value set from Java is shown when it is refused: as it would be written in the config file. */
    static String show(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    boolean accepted(Object value) {
        return accepts.test((T) value);
    }

    private static SettingFields<String> text(Function<RoadlabSettings, String> get,
                                              BiConsumer<RoadlabSettings, String> set) {
        // An empty text is no choice: the default (or nothing) applies, as when the setting is absent.
        return new SettingFields<>(get, set, t -> t.isEmpty() ? null : t, v -> true, "");
    }

    private static SettingFields<Path> path(Function<RoadlabSettings, Path> get, BiConsumer<RoadlabSettings, Path> set) {
        return new SettingFields<>(get, set, t -> t.isEmpty() ? null : Path.of(t), v -> true, "is not a path");
    }

    private static SettingFields<Integer> integer(Function<RoadlabSettings, Integer> get,
                                                  BiConsumer<RoadlabSettings, Integer> set, int min, int max) {
        Predicate<Integer> inRange = n -> n >= min && n <= max;
        return new SettingFields<>(get, set, t -> {
            int n = Integer.parseInt(t);
            if (!inRange.test(n)) {
                throw new IllegalArgumentException();
            }
            return n;
        }, inRange, "is not a whole number from " + min + " to " + max);
    }

    private static SettingFields<Boolean> bool(Function<RoadlabSettings, Boolean> get,
                                               BiConsumer<RoadlabSettings, Boolean> set) {
        return new SettingFields<>(get, set, t -> switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException();
        }, v -> true, "is not true or false");
    }

    /** An enum written in lower case with dashes: single-user for SINGLE_USER. */
    private static <E extends Enum<E>> SettingFields<E> choice(Function<RoadlabSettings, E> get,
                                                               BiConsumer<RoadlabSettings, E> set, Class<E> type,
                                                               String expected) {
        return new SettingFields<>(get, set,
                t -> Enum.valueOf(type, t.strip().toUpperCase(Locale.ROOT).replace('-', '_')), v -> true,
                "is not " + expected);
    }
}
