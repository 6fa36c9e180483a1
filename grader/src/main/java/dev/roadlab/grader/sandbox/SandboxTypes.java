package dev.roadlab.grader.sandbox;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The sandbox kinds installed: every {@link SandboxType} its class loader's {@link ServiceLoader} finds. */
public final class SandboxTypes {

    private final Map<String, SandboxType<?>> byName;

    private SandboxTypes(Map<String, SandboxType<?>> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The kinds found through {@code loader}; two with one name are a packaging error. */
    public static SandboxTypes discover(ClassLoader loader) {
        Map<String, SandboxType<?>> found = new TreeMap<>();
        for (SandboxType<?> type : ServiceLoader.load(SandboxType.class, loader)) {
            SandboxType<?> earlier = found.putIfAbsent(type.name(), type);
            if (earlier != null && earlier.getClass() != type.getClass()) {
                throw new IllegalStateException("two sandbox kinds are named '" + type.name() + "': "
                        + earlier.getClass().getName() + " and " + type.getClass().getName());
            }
        }
        return new SandboxTypes(found);
    }

    /** The kinds on the grader's own class path. */
    public static SandboxTypes installed() {
        return discover(SandboxTypes.class.getClassLoader());
    }

    public Optional<SandboxType<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** By name. */
    public Collection<SandboxType<?>> all() {
        return byName.values();
    }

    public Collection<String> names() {
        return byName.keySet();
    }
}
