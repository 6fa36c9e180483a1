package dev.roadlab.grader.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kinds a manifest may use, as the fabric8 model jars on the class path register them (each jar lists its classes
 * in {@code META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource}), less the API versions Kubernetes
 * no longer serves. Custom resources (a group of their own, such as {@code external-secrets.io}) are read untyped.
 */
final class KubernetesKinds {

    /** API versions the model still has classes for but Kubernetes stopped serving, with the release that did. */
    static final Map<String, String> REMOVED = Map.ofEntries(
            Map.entry("extensions/v1beta1", "1.16 (its Ingress in 1.22)"),
            Map.entry("apps/v1beta1", "1.16"),
            Map.entry("apps/v1beta2", "1.16"),
            Map.entry("policy/v1beta1", "1.25"),
            Map.entry("batch/v1beta1", "1.25"),
            Map.entry("autoscaling/v2beta1", "1.25"),
            Map.entry("autoscaling/v2beta2", "1.26"),
            Map.entry("networking.k8s.io/v1beta1", "1.22"),
            Map.entry("rbac.authorization.k8s.io/v1beta1", "1.22"),
            Map.entry("discovery.k8s.io/v1beta1", "1.25"),
            Map.entry("flowcontrol.apiserver.k8s.io/v1beta1", "1.26"));

    /** A kind at one API version and the model class that reads it. */
    record Served(String apiVersion, String kind, Class<? extends HasMetadata> type) {
    }

    /** What an apiVersion and a kind resolve to. */
    sealed interface Resolution {
        record Typed(Served served) implements Resolution {
        }

        /** A custom resource: kept as a {@link GenericKubernetesResource}, its fields unchecked. */
        record Custom() implements Resolution {
        }

        record Refused(String reason) implements Resolution {
        }
    }

    private static final class Registry {
        static final Map<String, List<Served>> BY_KIND = load();
    }

    private KubernetesKinds() {
    }

    static Resolution resolve(String apiVersion, String kind) {
        Map<String, List<Served>> byKind = Registry.BY_KIND;
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        List<Served> versions = byKind.getOrDefault(kind, List.of());
        Optional<Served> exact = versions.stream().filter(s -> s.apiVersion().equals(apiVersion)).findFirst();
        String servedAs = versions.stream().map(Served::apiVersion).filter(v -> !REMOVED.containsKey(v))
                .reduce((a, b) -> a + " or " + b).orElse("");
        if (REMOVED.containsKey(apiVersion)) {
            return new Resolution.Refused("apiVersion " + apiVersion + " was removed in Kubernetes "
                    + REMOVED.get(apiVersion) + (servedAs.isEmpty() ? "" : "; " + kind + " is served as " + servedAs));
        }
        if (exact.isPresent()) {
            return new Resolution.Typed(exact.get());
        }
        if (!builtIn(group)) {
            return new Resolution.Custom();
        }
        if (!versions.isEmpty()) {
            return new Resolution.Refused(kind + " is not served as " + apiVersion + "; it is " + servedAs);
        }
        Optional<String> caseInsensitive = byKind.keySet().stream().filter(k -> k.equalsIgnoreCase(kind)).findFirst();
        if (caseInsensitive.isPresent()) {
            return new Resolution.Refused("unknown kind '" + kind + "' — kinds are case-sensitive: did you mean '"
                    + caseInsensitive.get() + "'?");
        }
        Optional<String> near = Suggestions.nearest(kind, byKind.keySet());
        return new Resolution.Refused("unknown kind '" + kind + "'" + near.map(n -> " — did you mean '" + n + "'?")
                .orElse(" in " + (group.isEmpty() ? "the core API (v1)" : "API group " + group)));
    }

    /** Kubernetes' own API groups: the core group, single words (apps, batch) and *.k8s.io. */
    static boolean builtIn(String group) {
        return group.isEmpty() || !group.contains(".") || group.equals("k8s.io") || group.endsWith(".k8s.io");
    }

    private static Map<String, List<Served>> load() {
        Map<String, List<Served>> byKind = new TreeMap<>();
        ClassLoader loader = KubernetesKinds.class.getClassLoader();
        try {
            Enumeration<URL> lists = loader.getResources("META-INF/services/" + KubernetesResource.class.getName());
            while (lists.hasMoreElements()) {
                for (String name : classNames(lists.nextElement())) {
                    served(loader, name).ifPresent(s ->
                            byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Kubernetes model classes", e);
        }
        Map<String, List<Served>> frozen = new LinkedHashMap<>();
        byKind.forEach((kind, versions) -> frozen.put(kind, List.copyOf(versions)));
        return Collections.unmodifiableMap(frozen);
    }

    private static List<String> classNames(URL list) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = list.openStream();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.replaceAll("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static Optional<Served> served(ClassLoader loader, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        if (!HasMetadata.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())
                || type.getSimpleName().endsWith("List") || type.getAnnotation(Version.class) == null) {
            return Optional.empty();
        }
        Group group = type.getAnnotation(Group.class);
        String version = type.getAnnotation(Version.class).value();
        String apiVersion = group == null || group.value().isEmpty() ? version : group.value() + "/" + version;
        Kind kind = type.getAnnotation(Kind.class);
        @SuppressWarnings("unchecked")
        Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
        return Optional.of(new Served(apiVersion, kind == null ? type.getSimpleName() : kind.value(), resource));
    }
}
