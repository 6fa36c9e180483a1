package dev.roadlab.grader.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the grader gets sandboxes: the provider mode, how many runs' worth of each lab to keep ready, and the kinds'
 * own settings by {@code <kind>.<key>} (a kind's {@link SandboxType#settings()} says which keys it reads and their
 * defaults).
 *
 * @param provider    auto, containers or servers
 * @param warmPerLab  runs' worth of sandboxes (run databases, nginx containers) kept ready per lab
 * @param values      the kinds' settings given, e.g. "postgres.url" -> "postgresql://..."
 */
public record SandboxSettings(ProviderMode provider, int warmPerLab, Map<String, String> values) {

    public SandboxSettings {
        values = Map.copyOf(values);
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings(ProviderMode.AUTO, 2, Map.of());
    }

    /** A kind's setting as given, else its default. */
    public Optional<String> value(SandboxType<?> type, String key) {
        String given = values.get(type.name() + "." + key);
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        return type.settings().stream().filter(s -> s.key().equals(key)).findFirst()
                .flatMap(SandboxSetting::defaultValue);
    }

    /** A kind's setting that has a default. */
    public String required(SandboxType<?> type, String key) {
        return value(type, key).orElseThrow(() -> new IllegalStateException(type.name() + "." + key + " has no value"));
    }

    /** A kind's setting as given (defaults aside): whether an administrator configured it. */
    public Optional<String> given(String kindDotKey) {
        return Optional.ofNullable(values.get(kindDotKey)).filter(v -> !v.isBlank()).map(String::strip);
    }

    public Optional<Path> path(SandboxType<?> type, String key) {
        return value(type, key).map(Path::of);
    }

    public SandboxSettings withProvider(ProviderMode mode) {
        return new SandboxSettings(mode, warmPerLab, values);
    }

    public SandboxSettings withWarmPerLab(int n) {
        return new SandboxSettings(provider, n, values);
    }

    /** With one kind's setting, e.g. {@code with("postgres.url", "postgresql://...")}; null removes it. */
    public SandboxSettings with(String kindDotKey, String value) {
        Map<String, String> changed = new TreeMap<>(values);
        if (value == null) {
            changed.remove(kindDotKey);
        } else {
            changed.put(kindDotKey, value);
        }
        return new SandboxSettings(provider, warmPerLab, changed);
    }
}
