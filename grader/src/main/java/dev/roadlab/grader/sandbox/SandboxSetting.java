package dev.roadlab.grader.sandbox;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A setting of one sandbox kind: {@code sandbox.<kind>.<key>} in a config file, {@code ROADLAB_SANDBOX_<KIND>_<KEY>}
 * in the environment, {@code --sandbox <kind>.<key>=VALUE} on the command line.
 *
 * @param key           lower-case words joined by dashes ("url", "image", "management-url")
 * @param description   one line for documentation and --help
 * @param defaultValue  the value when none is given
 * @param check         why a value cannot be used, or empty when it can
 */
public record SandboxSetting(String key, String description, Optional<String> defaultValue,
                             Function<String, Optional<String>> check) {

    public static SandboxSetting of(String key, String description) {
        return new SandboxSetting(key, description, Optional.empty(), v -> Optional.empty());
    }

    public static SandboxSetting of(String key, String description, String defaultValue) {
        return new SandboxSetting(key, description, Optional.of(defaultValue), v -> Optional.empty());
    }

    /** The same setting, with a check of its values. */
    public SandboxSetting checked(Function<String, Optional<String>> valueCheck) {
        return new SandboxSetting(key, description, defaultValue, valueCheck);
    }

    /** "postgres.url" */
    public String name(String kind) {
        return kind + "." + key;
    }

    /** "ROADLAB_SANDBOX_POSTGRES_URL" */
    public String env(String kind) {
        return ("ROADLAB_SANDBOX_" + kind + "_" + key).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** "sandbox.postgres.url" */
    public String fileKey(String kind) {
        return "sandbox." + name(kind);
    }
}
