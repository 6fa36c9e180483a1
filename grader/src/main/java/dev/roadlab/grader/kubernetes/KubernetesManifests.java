package dev.roadlab.grader.kubernetes;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.kubernetes.KubernetesKinds.Resolution;
import dev.roadlab.grader.kubernetes.ManifestSchema.Problem;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.yaml.YamlNode;
import dev.roadlab.grader.yaml.YamlNode.Mapping;
import dev.roadlab.grader.yaml.YamlNode.Scalar;
import dev.roadlab.grader.yaml.YamlNode.ScalarType;
import dev.roadlab.grader.yaml.YamlNode.Sequence;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A submitted file of Kubernetes manifests (several YAML documents), read into typed objects of the fabric8
 * {@code kubernetes-model} the way {@code kubectl apply --validate=strict} would read it: an unknown field, an unknown
 * kind, an API version Kubernetes does not serve and a value of the wrong type are a {@link SubmissionError} that
 * names the document and the line ("app.yaml, document 2 (Deployment web), line 14: unknown field 'replica' in spec
 * — did you mean 'replicas'?"). Custom resources (an API group of their own) are kept untyped and unchecked.
 *
 * <pre>{@code
 * @Check(order = 1, title = "Every Deployment runs at least two pods", points = 2,
 *         hint = "One pod is one node drain away from an outage.")
 * void deployment_replicas(Submission submission) {
 *     KubernetesManifests app = KubernetesManifests.read(submission, "app.yaml");
 *     for (Workload deployment : app.workloads("Deployment")) {
 *         WorkloadAssert.that(deployment, app).runsAtLeast(2);
 *     }
 * }
 * }</pre>
 */
public final class KubernetesManifests {

    /** How many problems one error message lists before it says how many more there are. */
    static final int PROBLEMS_SHOWN = 5;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String file;
    private final List<Manifest<?>> manifests;

    private KubernetesManifests(String file, List<Manifest<?>> manifests) {
        this.file = file;
        this.manifests = List.copyOf(manifests);
    }

    /** Reads one file of the submission; what cannot be read is a {@link SubmissionError}. */
    public static KubernetesManifests read(Submission submission, String fileName) {
        return parse(fileName, submission.text(fileName));
    }

    /** @param fileName how messages name the file */
    public static KubernetesManifests parse(String fileName, String text) {
        List<YamlNode.Document> documents;
        try {
            documents = YamlNode.parseAll(text);
        } catch (YamlNode.Unreadable e) {
            throw new SubmissionError(fileName + ", line " + e.line() + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new SubmissionError(fileName + " nests its values too deeply to be read.");
        }
        List<Manifest<?>> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (YamlNode.Document document : documents) {
            if (document.root() instanceof Scalar s && s.isBlank()) {
                continue; // an empty document: a stray '---'
            }
            try {
                read.add(manifest(fileName, document));
            } catch (Invalid e) {
                problems.addAll(e.problems);
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(duplicates(read));
        }
        if (!problems.isEmpty()) {
            throw new SubmissionError(summary(fileName, problems));
        }
        return new KubernetesManifests(fileName, read);
    }

    /** The file's name, as messages give it. */
    public String file() {
        return file;
    }

    /** Every object, in file order. */
    public List<Manifest<?>> all() {
        return manifests;
    }

    /** The objects of one model class, in file order, e.g. {@code ofType(Deployment.class)}. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<Manifest<T>> ofType(Class<T> type) {
        return manifests.stream().filter(m -> type.isInstance(m.object())).map(m -> (Manifest<T>) m).toList();
    }

    /** The objects of a kind, whatever their API version. */
    public List<Manifest<?>> ofKind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    public Optional<Manifest<?>> find(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** Every object that runs pods (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
    public List<Workload> workloads() {
        return manifests.stream().map(Workload::of).flatMap(Optional::stream).toList();
    }

    /** The workloads of one kind, e.g. {@code workloads("Deployment")}. */
    public List<Workload> workloads(String kind) {
        return workloads().stream().filter(w -> w.kind().equals(kind)).toList();
    }

    public List<Manifest<Service>> services() {
        return ofType(Service.class);
    }

    /** The workloads whose pods a Service's selector picks (none when it has no selector). */
    public List<Workload> selectedBy(Manifest<Service> service) {
        Map<String, String> selector = service.object().getSpec() == null ? null
                : service.object().getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return workloads().stream().filter(w -> w.manifest().sameNamespaceAs(service)
                && Labels.selects(selector, w.podLabels())).toList();
    }

    /** The Services that send traffic to a workload's pods. */
    public List<Manifest<Service>> servicesOf(Workload workload) {
        return services().stream().filter(s -> selectedBy(s).contains(workload)).toList();
    }

    public List<Manifest<PodDisruptionBudget>> disruptionBudgets() {
        return ofType(PodDisruptionBudget.class);
    }

    /** The PodDisruptionBudgets whose selector picks a workload's pods. */
    public List<Manifest<PodDisruptionBudget>> budgetsOf(Workload workload) {
        return disruptionBudgets().stream().filter(b -> b.sameNamespaceAs(workload.manifest())
                && b.object().getSpec() != null
                && Labels.selects(b.object().getSpec().getSelector(), workload.podLabels())).toList();
    }

    /** Every HorizontalPodAutoscaler (autoscaling/v1 or v2). */
    public List<Autoscaler> autoscalers() {
        return manifests.stream().map(Autoscaler::of).flatMap(Optional::stream).toList();
    }

    /** The HorizontalPodAutoscaler that scales a workload, if one does. */
    public Optional<Autoscaler> autoscalerOf(Workload workload) {
        return autoscalers().stream().filter(a -> a.scales(workload)).findFirst();
    }

    private static Manifest<?> manifest(String file, YamlNode.Document document) throws Invalid {
        int number = document.number();
        if (!(document.root() instanceof Mapping root)) {
            throw new Invalid(file + ", document " + number + ", line " + document.root().line()
                    + ": a Kubernetes object is a mapping with apiVersion, kind and metadata; this document is "
                    + ManifestSchema.describe(document.root()));
        }
        String where = file + ", document " + number;
        Optional<String> apiVersion = root.text("apiVersion");
        Optional<String> kind = root.text("kind");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new Invalid(where + ", line " + root.line() + ": every object needs "
                    + (apiVersion.isEmpty() && kind.isEmpty() ? "an apiVersion and a kind"
                    : apiVersion.isEmpty() ? "an apiVersion" : "a kind"));
        }
        String name = root.get("metadata").filter(Mapping.class::isInstance).map(Mapping.class::cast)
                .flatMap(m -> m.text("name")).orElse("");
        String titled = where + " (" + kind.get() + (name.isEmpty() ? "" : " " + name) + ")";
        Class<? extends HasMetadata> type;
        switch (KubernetesKinds.resolve(apiVersion.get(), kind.get())) {
            case Resolution.Refused refused -> {
                int line = refused.reason().startsWith("unknown kind") ? root.lineOf("kind") : root.lineOf("apiVersion");
                throw new Invalid(titled + ", line " + line + ": " + refused.reason());
            }
            case Resolution.Custom custom -> type = GenericKubernetesResource.class;
            case Resolution.Typed typed -> type = typed.served().type();
        }
        if (type != GenericKubernetesResource.class) {
            List<Problem> problems = ManifestSchema.check(root, type);
            if (!problems.isEmpty()) {
                throw new Invalid(problems.stream().map(p -> titled + ", line " + p.line() + ": " + p.message())
                        .toList());
            }
        }
        if (name.isEmpty() && root.get("metadata").flatMap(m -> ((Mapping) m).text("generateName")).isEmpty()) {
            throw new Invalid(titled + ", line " + root.lineOf("metadata") + ": every object needs a metadata.name");
        }
        HasMetadata object;
        try {
            object = JSON.treeToValue(json(root), type);
        } catch (JacksonException e) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? "." + r.getPropertyName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining()).replaceFirst("^\\.", "");
            throw new Invalid(titled + ", line " + Manifest.line(root, path) + ": " + (path.isEmpty() ? "" : path + ": ") + "cannot be read ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        return new Manifest<>(file, number, object, root);
    }

    private static List<String> duplicates(List<Manifest<?>> manifests) {
        Map<String, Manifest<?>> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Manifest<?> m : manifests) {
            Manifest<?> first = seen.putIfAbsent(m.kind() + "/" + m.namespace() + "/" + m.name(), m);
            if (first != null) {
                problems.add(m.where() + ", line " + m.yaml().line() + ": " + m.title()
                        + " is already defined in document " + first.document()
                        + "; kubectl apply would keep only the last one");
            }
        }
        return problems;
    }

    private static String summary(String file, List<String> problems) {
        if (problems.size() == 1) {
            return problems.getFirst();
        }
        List<String> shown = problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size()));
        return file + " has " + (problems.size() >= 20 ? "at least " : "") + problems.size() + " problems:\n"
                + String.join("\n", shown)
                + (problems.size() > shown.size() ? "\n… and " + (problems.size() - shown.size()) + " more" : "");
    }

    /** The document as Jackson reads it, types as YAML wrote them (the schema check made them the right ones). */
    private static JsonNode json(YamlNode node) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        return switch (node) {
            case Mapping m -> {
                ObjectNode object = nodes.objectNode();
                m.entries().forEach((k, v) -> object.set(k, json(v)));
                yield object;
            }
            case Sequence s -> {
                ArrayNode array = nodes.arrayNode();
                s.items().forEach(i -> array.add(json(i)));
                yield array;
            }
            case Scalar s -> scalar(nodes, s);
        };
    }

    private static JsonNode scalar(JsonNodeFactory nodes, Scalar s) {
        String text = s.text().strip().replace("_", "");
        try {
            if (s.type() == ScalarType.INTEGER) {
                BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
                // The model's int-or-string fields take an Integer, not any number.
                return value.bitLength() < 32 ? nodes.numberNode(value.intValue())
                        : value.bitLength() < 64 ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
            }
            if (s.type() == ScalarType.DECIMAL) {
                return nodes.numberNode(new BigDecimal(text));
            }
        } catch (NumberFormatException e) {
            return nodes.stringNode(s.text()); // 0x1F, .inf: the schema check has judged them already
        }
        return switch (s.type()) {
            case BOOLEAN -> nodes.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
            case NULL -> nodes.nullNode();
            default -> nodes.stringNode(s.text());
        };
    }

    /** Problems with one document, each already a full line of the message. */
    private static final class Invalid extends Exception {
        private final List<String> problems;

        Invalid(String problem) {
            this(List.of(problem));
        }

        Invalid(List<String> problems) {
            super(problems.getFirst(), null, false, false);
            this.problems = problems;
        }
    }
}
