package dev.roadlab.grader.kubernetes;

import dev.roadlab.grader.check.CheckFailure;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Assertions on a workload (a Deployment and its pod template, a StatefulSet, ...) that read aloud in a check and
 * fail with a {@link CheckFailure} that says, in the learner's terms, what was found and where:
 *
 * <pre>{@code
 * KubernetesManifests app = KubernetesManifests.read(submission, "app.yaml");
 * for (Workload w : app.workloads()) {
 *     WorkloadAssert.that(w, app).runsAtLeast(2).setsRequestsAndLimits("cpu", "memory").pinsEveryImage();
 * }
 * }</pre>
 *
 * Each method mirrors a kube-score or kube-linter check, named in its documentation.
 */
public final class WorkloadAssert {

    /** Variable names that say they hold a credential (kube-linter's env-var-secret looks for "secret"). */
    static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i)PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL");
    /** Name segments that say a variable is about a backing store (a database, a cache, a broker). */
    static final Set<String> STORE_WORDS = Set.of("REDIS", "SESSION", "SESSIONS", "DATABASE", "DB", "POSTGRES",
            "POSTGRESQL", "PG", "MYSQL", "MARIADB", "MONGO", "MONGODB", "AMQP", "RABBIT", "RABBITMQ", "KAFKA", "CACHE",
            "BROKER", "STORE");
    /** Last name segments that say a variable is an address. */
    static final Set<String> ADDRESS_WORDS = Set.of("URL", "URI", "DSN", "ADDR", "ADDRESS", "HOST", "HOSTS",
            "ENDPOINT");
    /** A value that carries credentials itself: {@code scheme://user:password@host}, {@code password=...}. */
    static final Pattern CREDENTIAL_VALUE = Pattern.compile(
            "(?i)([a-z][a-z0-9+.-]{0,30}://[^/@\\s:]{0,256}:[^/@\\s]{1,256}@)|((password|passwd|pwd)=[^&;\\s]+)");
    private static final Pattern SLEEP = Pattern.compile("(?:^|[\\s;&|(])sleep\\s+(\\d+)(?:s)?(?:$|[\\s;&|)])");

    private final Workload workload;
    private final KubernetesManifests manifests;

    private WorkloadAssert(Workload workload, KubernetesManifests manifests) {
        this.workload = workload;
        this.manifests = manifests;
    }

    /** @param manifests the file the workload is in: the Services, autoscalers and budgets around it */
    public static WorkloadAssert that(Workload workload, KubernetesManifests manifests) {
        return new WorkloadAssert(workload, manifests);
    }

    /**
     * Runs at least {@code min} pods: {@code spec.replicas}, or the {@code minReplicas} of the autoscaler that scales
     * it. kube-score: deployment-replicas, horizontalpodautoscaler-replicas, horizontalpodautoscaler-has-target.
     */
    public WorkloadAssert runsAtLeast(int min) {
        Optional<Autoscaler> autoscaler = manifests.autoscalerOf(workload);
        if (autoscaler.isPresent()) {
            Autoscaler hpa = autoscaler.get();
            if (hpa.minReplicas() < min) {
                throw new CheckFailure(hpa.describe() + " scales " + workload.manifest().title() + " down to "
                        + hpa.minReplicas() + " " + pods(hpa.minReplicas()) + " (minReplicas, " + hpa.manifest()
                        .at("spec.minReplicas") + "). At least " + min + " must run at all times: while a lone pod "
                        + "restarts, is rescheduled or waits for its node to drain, nothing serves.");
            }
            return this;
        }
        int replicas = workload.replicasOrDefault();
        if (replicas < min) {
            String written = workload.replicas().isPresent() ? "runs " + replicas + " " + pods(replicas)
                    + " (spec.replicas, " + workload.manifest().at("spec.replicas") + ")"
                    : "leaves spec.replicas out, so Kubernetes runs 1 pod";
            List<String> dangling = manifests.autoscalers().stream()
                    .filter(a -> manifests.workloads().stream().noneMatch(a::scales))
                    .map(a -> a.describe() + " scales " + a.targetKind() + " " + a.targetName()
                            + ", which " + manifests.file() + " does not define")
                    .toList();
            throw new CheckFailure(workload.describe() + " " + written + ", and no HorizontalPodAutoscaler keeps "
                    + "more running" + (dangling.isEmpty() ? "" : " (" + String.join("; ", dangling) + ")")
                    + ". At least " + min + " must run at all times: while a lone pod restarts, is rescheduled or "
                    + "waits for its node to drain, nothing serves.");
        }
        return this;
    }

    /**
     * Every container that declares a port has a readiness and a liveness probe, they are not the same check, and
     * they probe ports the container declares. kube-score: pod-probes, pod-probes-identical; kube-linter:
     * no-readiness-probe, no-liveness-probe, readiness-port, liveness-port.
     */
    public WorkloadAssert probesEveryServingContainer() {
        for (WorkloadContainer c : workload.appContainers()) {
            if (c.ports().isEmpty()) {
                continue;
            }
            Probe readiness = c.container().getReadinessProbe();
            Probe liveness = c.container().getLivenessProbe();
            if (readiness == null && liveness == null) {
                throw new CheckFailure(capitalized(c.describe()) + " serves " + ports(c) + " and has neither a readinessProbe nor "
                        + "a livenessProbe: it gets traffic before it can serve and keeps getting it while it cannot, "
                        + "and nothing restarts it when it hangs.");
            }
            if (readiness == null) {
                throw new CheckFailure(capitalized(c.describe()) + " serves " + ports(c) + " and has no readinessProbe: its pod "
                        + "is sent traffic as soon as the container starts, and still while it cannot serve.");
            }
            if (liveness == null) {
                throw new CheckFailure(capitalized(c.describe()) + " serves " + ports(c) + " and has no livenessProbe: when the "
                        + "process hangs without exiting, nothing restarts it.");
            }
            probedPort(c, "readinessProbe", readiness);
            probedPort(c, "livenessProbe", liveness);
            Optional<String> same = sameCheck(c, readiness, liveness);
            if (same.isPresent()) {
                throw new CheckFailure("The readinessProbe (" + c.at("readinessProbe") + ") and the livenessProbe ("
                        + c.at("livenessProbe") + ") of " + c.describe() + " both " + same.get() + ". They answer "
                        + "different questions: when that check fails because a dependency is down, the pod should "
                        + "leave the Service, not be restarted, and every pod restarting at once turns a blip into "
                        + "an outage.");
            }
        }
        return this;
    }

    /**
     * Every container, init containers included, requests and limits each resource. kube-score:
     * container-resources; kube-linter: unset-cpu-requirements, unset-memory-requirements.
     */
    public WorkloadAssert setsRequestsAndLimits(String... resources) {
        for (WorkloadContainer c : workload.containers()) {
            List<String> missing = new ArrayList<>();
            for (String resource : resources) {
                if (unset(c.request(resource))) {
                    missing.add("no " + resource + " request");
                }
                if (unset(c.limit(resource))) {
                    missing.add("no " + resource + " limit");
                }
            }
            if (!missing.isEmpty()) {
                throw new CheckFailure(capitalized(c.describe()) + " sets " + joined(missing) + " (resources"
                        + (c.container().getResources() == null ? " is left out" : ", " + c.at("resources"))
                        + "). Without requests the scheduler places it blind and it is the first evicted under "
                        + "pressure; without limits one leaking or spinning pod takes its node's memory or CPU from "
                        + "every other pod there.");
            }
        }
        return this;
    }

    private static boolean unset(Optional<Quantity> quantity) {
        if (quantity.isEmpty()) {
            return true;
        }
        try {
            return quantity.get().getNumericalAmount().signum() == 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * Every image names a version: a tag other than {@code latest}, or a digest. kube-score: container-image-tag;
     * kube-linter: latest-tag.
     */
    public WorkloadAssert pinsEveryImage() {
        for (WorkloadContainer c : workload.containers()) {
            if (c.imageDigest().isPresent()) {
                continue;
            }
            Optional<String> tag = c.imageTag();
            if (tag.isEmpty() || tag.get().equals("latest")) {
                throw new CheckFailure(capitalized(c.describe()) + " runs " + (c.image().isEmpty() ? "no image"
                        : c.image() + (tag.isEmpty() ? ", with no tag, which means :latest" : ""))
                        + " (" + c.at("image") + "). 'latest' is whatever was pushed last: two pods of one Deployment "
                        + "can run different code, a node that pulls again changes what runs, and there is no "
                        + "version to roll back to.");
            }
        }
        return this;
    }

    /**
     * Its pods keep nothing that must outlive them: no hostPath, no PersistentVolumeClaim (nor volumeClaimTemplates
     * or ephemeral claims), no other storage; an emptyDir only as scratch space mounted under one of
     * {@code scratchPaths}; configMap, secret, projected and downwardAPI volumes are read-only configuration.
     * kube-linter: writable-host-mount, sensitive-host-mounts (and beyond them: claims and emptyDirs).
     */
    public WorkloadAssert keepsNoStateInVolumes(List<String> scratchPaths) {
        if (workload.manifest().object() instanceof StatefulSet s && s.getSpec().getVolumeClaimTemplates() != null
                && !s.getSpec().getVolumeClaimTemplates().isEmpty()) {
            throw new CheckFailure(workload.describe() + " gives each pod a PersistentVolumeClaim of its own "
                    + "(volumeClaimTemplates, " + workload.manifest().at("spec.volumeClaimTemplates") + "): what a "
                    + "pod writes there is tied to that pod's identity, so the pods are not interchangeable.");
        }
        List<Volume> volumes = workload.podSpec().getVolumes() == null ? List.of() : workload.podSpec().getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String where = "volume '" + v.getName() + "' of " + workload.manifest().title() + " ("
                    + workload.manifest().file() + ", line " + workload.podLine("volumes[" + i + "]") + ")";
            if (v.getConfigMap() != null || v.getSecret() != null || v.getProjected() != null
                    || v.getDownwardAPI() != null) {
                continue;
            }
            if (v.getHostPath() != null) {
                throw new CheckFailure(capitalized(where) + " is the node's directory " + v.getHostPath().getPath()
                        + " (hostPath): what a pod writes there stays on one node, another replica on another node "
                        + "never sees it, and it is gone for the pod rescheduled elsewhere.");
            }
            if (v.getPersistentVolumeClaim() != null || v.getEphemeral() != null) {
                String claim = v.getPersistentVolumeClaim() != null
                        ? "PersistentVolumeClaim " + v.getPersistentVolumeClaim().getClaimName()
                        : "an ephemeral PersistentVolumeClaim";
                throw new CheckFailure(capitalized(where) + " mounts " + claim + mountedAt(v.getName()) + ": state on a "
                        + "disk attached to the pod ties requests to the pod that wrote it (a ReadWriteOnce volume "
                        + "even ties every replica to one node), so the pods are no longer interchangeable. Keep "
                        + "state in the backing services the app is given.");
            }
            if (v.getEmptyDir() != null) {
                for (WorkloadContainer c : workload.containers()) {
                    for (VolumeMount m : mounts(c)) {
                        if (m.getName().equals(v.getName()) && scratchPaths.stream()
                                .noneMatch(p -> under(m.getMountPath(), p))) {
                            throw new CheckFailure("The emptyDir " + where + " is mounted at " + m.getMountPath()
                                    + " by " + c.describe() + ". An emptyDir is deleted with its pod and never "
                                    + "shared with the other replicas: fine as scratch space (" + String.join(", ",
                                    scratchPaths) + "), not for anything another request may need.");
                        }
                    }
                }
                continue;
            }
            throw new CheckFailure(capitalized(where) + " is storage (" + volumeType(v) + ") mounted into the pod"
                    + mountedAt(v.getName()) + ": state the app keeps on a filesystem ties requests to where it was "
                    + "written. Keep it in the backing services the app is given.");
        }
        return this;
    }

    /**
     * No credential, and no address of a backing store, is written in the manifests: variables named so take their
     * value from a Secret ({@code valueFrom.secretKeyRef} or {@code envFrom.secretRef}), no value carries a password
     * (a URL with {@code user:password@}), no ConfigMap of the file holds one, and no Secret of the file carries its
     * data. kube-linter: env-var-secret (which looks for names containing "secret").
     */
    public WorkloadAssert takesCredentialsFromSecrets() {
        for (WorkloadContainer c : workload.containers()) {
            List<EnvVar> env = c.container().getEnv() == null ? List.of() : c.container().getEnv();
            for (int i = 0; i < env.size(); i++) {
                EnvVar var = env.get(i);
                String name = var.getName() == null ? "" : var.getName();
                String field = "env[" + i + "]";
                boolean credential = CREDENTIAL_NAME.matcher(name).find()
                        && !name.toUpperCase(java.util.Locale.ROOT).matches(".*_(FILE|PATH)");
                boolean address = storeAddress(name);
                if (var.getValue() != null && !var.getValue().isEmpty()) {
                    if (credential || CREDENTIAL_VALUE.matcher(var.getValue()).find()) {
                        throw new CheckFailure(name + " of " + c.describe() + " is written in "
                                + workload.manifest().file() + " (" + c.at(field) + "): whoever can read the manifests "
                                + "— the repository, CI logs, kubectl get -o yaml — has the credential, and changing "
                                + "it means a commit and a rollout. Take it from a Secret (valueFrom.secretKeyRef).");
                    }
                    if (address) {
                        throw new CheckFailure(name + " of " + c.describe() + " gives the address of a backing store "
                                + "as a literal (" + c.at(field) + "): it differs per environment and changes with "
                                + "the store (a failover, a new password in the URL), so it belongs with its "
                                + "credentials in a Secret (valueFrom.secretKeyRef), not in the manifests.");
                    }
                }
                if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null
                        && (credential || address)) {
                    throw new CheckFailure(name + " of " + c.describe() + " comes from ConfigMap "
                            + var.getValueFrom().getConfigMapKeyRef().getName() + " (" + c.at(field) + "): ConfigMaps "
                            + "are plain configuration, readable by anyone who may read the namespace's config, and "
                            + "never encrypted at rest. Credentials and store addresses go in a Secret.");
                }
            }
            for (EnvFromSource from : c.container().getEnvFrom() == null ? List.<EnvFromSource>of()
                    : c.container().getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    Optional<ConfigMap> map = manifests.ofType(ConfigMap.class).stream().map(Manifest::object)
                            .filter(m -> m.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                            .findFirst();
                    List<String> secretKeys = map.map(m -> m.getData() == null ? List.<String>of()
                            : m.getData().keySet().stream().filter(k -> CREDENTIAL_NAME.matcher(k).find()
                            || storeAddress(k)).toList()).orElse(List.of());
                    if (!secretKeys.isEmpty()) {
                        throw new CheckFailure(capitalized(c.describe()) + " takes its environment from ConfigMap "
                                + from.getConfigMapRef().getName() + ", which holds " + String.join(", ", secretKeys)
                                + ": ConfigMaps are plain configuration, never encrypted at rest. Credentials and "
                                + "store addresses go in a Secret.");
                    }
                }
            }
        }
        for (Manifest<Secret> secret : manifests.ofType(Secret.class)) {
            Secret s = secret.object();
            boolean data = s.getData() != null && !s.getData().isEmpty();
            boolean stringData = s.getStringData() != null && !s.getStringData().isEmpty();
            if ((data || stringData) && referencedBy(s.getMetadata().getName())) {
                throw new CheckFailure(secret.describe() + " carries its values in " + secret.file() + " ("
                        + (stringData ? "stringData, " + secret.at("stringData") : "data, " + secret.at("data"))
                        + "): base64 is an encoding, not encryption, so the credentials are as public as the "
                        + "manifests. Reference the Secret from the pods and create it outside them (kubectl create "
                        + "secret, a sealed or external secret).");
            }
        }
        return this;
    }

    /**
     * Takes at least one variable from a Secret: the app is given its backing services' addresses and credentials
     * somehow, and this is the way that keeps them out of the manifests.
     */
    public WorkloadAssert readsASecret() {
        boolean reads = workload.containers().stream().anyMatch(c ->
                (c.container().getEnv() != null && c.container().getEnv().stream().anyMatch(v ->
                        v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null))
                        || (c.container().getEnvFrom() != null && c.container().getEnvFrom().stream()
                        .anyMatch(f -> f.getSecretRef() != null)));
        if (!reads) {
            throw new CheckFailure(workload.describe() + " takes no variable from a Secret: how do its containers "
                    + "get the address and the password of the store they need? Give them through env that "
                    + "references a Secret (valueFrom.secretKeyRef or envFrom.secretRef).");
        }
        return this;
    }

    /** SESSION_REDIS_URL, DATABASE_URL, DB_HOST: a store word among the segments, an address word last. */
    static boolean storeAddress(String name) {
        String[] segments = name.toUpperCase(java.util.Locale.ROOT).split("_");
        if (segments.length < 2 || !ADDRESS_WORDS.contains(segments[segments.length - 1])) {
            return false;
        }
        for (int i = 0; i < segments.length - 1; i++) {
            if (STORE_WORDS.contains(segments[i])) {
                return true;
            }
        }
        return false;
    }

    private boolean referencedBy(String secretName) {
        return manifests.workloads().stream().flatMap(w -> w.containers().stream()).anyMatch(c ->
                (c.container().getEnv() != null && c.container().getEnv().stream().anyMatch(v -> v.getValueFrom() != null
                        && v.getValueFrom().getSecretKeyRef() != null
                        && secretName.equals(v.getValueFrom().getSecretKeyRef().getName())))
                        || (c.container().getEnvFrom() != null && c.container().getEnvFrom().stream().anyMatch(f ->
                        f.getSecretRef() != null && secretName.equals(f.getSecretRef().getName()))))
                || manifests.workloads().stream().anyMatch(w -> w.podSpec().getVolumes() != null
                && w.podSpec().getVolumes().stream().anyMatch(v -> v.getSecret() != null
                && secretName.equals(v.getSecret().getSecretName())));
    }

    /**
     * A Deployment rolls out without going below its replica count: strategy RollingUpdate with
     * {@code maxUnavailable: 0} (and room to surge). kube-score: deployment-strategy; kube-linter:
     * no-rolling-update-strategy, with maxPodsUnavailable 0.
     */
    public WorkloadAssert rollsOutWithoutUnavailablePods() {
        if (!(workload.manifest().object() instanceof Deployment d)) {
            return this;
        }
        DeploymentStrategy strategy = d.getSpec().getStrategy();
        String type = strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
        if (type.equals("Recreate")) {
            throw new CheckFailure(workload.describe() + " uses strategy Recreate (" + workload.manifest()
                    .at("spec.strategy.type") + "): every rollout stops all old pods before it starts a new one, "
                    + "so each deploy is an outage.");
        }
        IntOrString maxUnavailable = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        IntOrString maxSurge = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxSurge();
        if (maxUnavailable == null) {
            throw new CheckFailure(workload.describe() + " leaves maxUnavailable at its default, 25% (spec.strategy"
                    + ".rollingUpdate): a rollout may take a quarter of the pods away before their replacements are "
                    + "ready, and one that fails to start leaves the Deployment short.");
        }
        if (!isZero(maxUnavailable)) {
            throw new CheckFailure(workload.describe() + " allows maxUnavailable " + show(maxUnavailable) + " ("
                    + workload.manifest().at("spec.strategy.rollingUpdate.maxUnavailable") + "): a rollout may take "
                    + "pods away before their replacements are ready, and a new version that never gets ready "
                    + "leaves the Deployment short while it is stuck.");
        }
        if (maxSurge != null && isZero(maxSurge)) {
            throw new CheckFailure(workload.describe() + " sets both maxUnavailable and maxSurge to 0 ("
                    + workload.manifest().at("spec.strategy.rollingUpdate") + "): it may neither remove a pod nor add "
                    + "one, so it cannot roll out at all (the API server refuses it).");
        }
        return this;
    }

    /**
     * A PodDisruptionBudget selects its pods, and its policy lets a drain evict at least one of them.
     * kube-score: deployment-has-poddisruptionbudget, poddisruptionbudget-has-policy; kube-linter:
     * pdb-min-available, pdb-max-unavailable.
     */
    public WorkloadAssert hasADisruptionBudgetThatPermitsADrain() {
        List<Manifest<PodDisruptionBudget>> budgets = manifests.budgetsOf(workload);
        if (budgets.isEmpty()) {
            throw new CheckFailure("No PodDisruptionBudget selects the pods of " + workload.describe() + " (they "
                    + "carry " + Labels.show(workload.podLabels()) + "): a node drain or a cluster upgrade may evict "
                    + "all of them at once.");
        }
        if (budgets.size() > 1) {
            throw new CheckFailure("The pods of " + workload.describe() + " are selected by " + budgets.size()
                    + " PodDisruptionBudgets (" + budgets.stream().map(Manifest::describe)
                    .collect(Collectors.joining(", ")) + "): the eviction API refuses to evict a pod covered by "
                    + "more than one, so every drain blocks.");
        }
        Manifest<PodDisruptionBudget> budget = budgets.getFirst();
        PodDisruptionBudgetSpec spec = budget.object().getSpec();
        int replicas = manifests.autoscalerOf(workload).map(Autoscaler::minReplicas)
                .orElse(workload.replicasOrDefault());
        String pods = workload.manifest().title() + "'s " + replicas + " " + pods(replicas);
        if (spec.getMinAvailable() == null && spec.getMaxUnavailable() == null) {
            throw new CheckFailure(budget.describe() + " sets neither minAvailable nor maxUnavailable: it limits "
                    + "nothing.");
        }
        if (spec.getMinAvailable() != null && spec.getMaxUnavailable() != null) {
            throw new CheckFailure(budget.describe() + " sets both minAvailable and maxUnavailable; Kubernetes "
                    + "takes one or the other.");
        }
        if (spec.getMinAvailable() != null) {
            int keep = scaled(spec.getMinAvailable(), replicas);
            if (keep >= replicas) {
                throw new CheckFailure(budget.describe() + " keeps minAvailable " + show(spec.getMinAvailable())
                        + " (" + budget.at("spec.minAvailable") + ") of " + pods + ": no pod may ever be evicted, so "
                        + "a node drain waits forever, until someone deletes the budget by hand.");
            }
        } else if (scaled(spec.getMaxUnavailable(), replicas) == 0) {
            throw new CheckFailure(budget.describe() + " allows maxUnavailable " + show(spec.getMaxUnavailable())
                    + " (" + budget.at("spec.maxUnavailable") + ") of " + pods + ": no pod may ever be evicted, so a "
                    + "node drain waits forever, until someone deletes the budget by hand.");
        }
        return this;
    }

    /**
     * Every container runs as a non-root user, on a read-only root filesystem, unable to gain privileges, with every
     * capability dropped. kube-linter: run-as-non-root, no-read-only-root-fs, privilege-escalation-container,
     * drop-net-raw-capability; kube-score: container-security-context-privileged,
     * container-security-context-readonlyrootfilesystem.
     */
    public WorkloadAssert runsRestricted() {
        for (WorkloadContainer c : workload.containers()) {
            List<String> wrong = new ArrayList<>();
            Optional<Long> user = c.runAsUser();
            if (user.isPresent() && user.get() == 0) {
                wrong.add("runs as user 0 (root)");
            } else if (user.isEmpty() && !c.runAsNonRoot().orElse(false)) {
                wrong.add("may run as root (no runAsNonRoot: true, nor a runAsUser other than 0)");
            }
            if (c.runAsGroup().orElse(-1L) == 0) {
                wrong.add("runs with group 0 (root)");
            }
            if (!c.own(SecurityContext::getReadOnlyRootFilesystem).orElse(false)) {
                wrong.add("has a writable root filesystem (no readOnlyRootFilesystem: true)");
            }
            if (c.own(SecurityContext::getPrivileged).orElse(false)) {
                wrong.add("is privileged");
            }
            if (!Objects.equals(c.own(SecurityContext::getAllowPrivilegeEscalation).orElse(null), Boolean.FALSE)) {
                wrong.add("may gain privileges (no allowPrivilegeEscalation: false)");
            }
            if (!c.droppedCapabilities().contains("ALL")) {
                wrong.add("keeps Linux capabilities such as NET_RAW (no capabilities.drop: [ALL])");
            }
            List<String> added = c.addedCapabilities().stream().filter(a -> !a.equals("NET_BIND_SERVICE")).toList();
            if (!added.isEmpty()) {
                wrong.add("adds " + String.join(", ", added));
            }
            if (!wrong.isEmpty()) {
                throw new CheckFailure(capitalized(c.describe()) + " " + joined(wrong) + ". A process that is "
                        + "broken into keeps whatever the container allows it: root, a writable image to plant "
                        + "files in, and capabilities to craft packets or escalate.");
            }
        }
        return this;
    }

    /**
     * Every container that serves a port pauses in a preStop hook for at least {@code pauseSeconds} (while the
     * endpoint removal reaches every load balancer), and the grace period covers that pause plus
     * {@code drainSeconds} of finishing in-flight requests after SIGTERM. Neither kube-score nor kube-linter checks
     * this.
     */
    public WorkloadAssert shutsDownGracefully(int pauseSeconds, int drainSeconds) {
        long grace = workload.podSpec().getTerminationGracePeriodSeconds() == null ? 30
                : workload.podSpec().getTerminationGracePeriodSeconds();
        String graceWritten = workload.podSpec().getTerminationGracePeriodSeconds() == null
                ? "the default terminationGracePeriodSeconds, 30"
                : "terminationGracePeriodSeconds " + grace + " (" + workload.manifest().file() + ", line "
                + workload.podLine("terminationGracePeriodSeconds") + ")";
        for (WorkloadContainer c : workload.appContainers()) {
            if (c.ports().isEmpty()) {
                continue;
            }
            LifecycleHandler preStop = c.container().getLifecycle() == null ? null
                    : c.container().getLifecycle().getPreStop();
            if (preStop == null) {
                throw new CheckFailure(capitalized(c.describe()) + " has no preStop hook: when its pod is deleted, "
                        + "SIGTERM arrives while the endpoint removal is still reaching kube-proxy and the load "
                        + "balancers, which keep sending requests to a process that is shutting down for a few more "
                        + "seconds.");
            }
            Optional<Long> pause = pause(preStop);
            if (pause.isEmpty()) {
                throw new CheckFailure("The preStop hook of " + c.describe() + " (" + c.at("lifecycle.preStop")
                        + ") does not pause for a time that can be read from the manifest (a sleep action, or an "
                        + "exec of sleep N): the endpoint removal needs " + pauseSeconds + " s to reach every load "
                        + "balancer before the process stops accepting.");
            }
            if (pause.get() < pauseSeconds) {
                throw new CheckFailure("The preStop hook of " + c.describe() + " pauses " + pause.get() + " s ("
                        + c.at("lifecycle.preStop") + "): the endpoint removal needs " + pauseSeconds + " s to reach "
                        + "every load balancer before the process stops accepting.");
            }
            if (grace < pause.get() + drainSeconds) {
                throw new CheckFailure(workload.describe() + " has " + graceWritten + ", counted from the start of "
                        + "the " + pause.get() + " s preStop pause of container '" + c.name() + "': with the "
                        + drainSeconds + " s the app takes to finish in-flight requests after SIGTERM it needs "
                        + (pause.get() + drainSeconds) + " s, so the kubelet kills it (SIGKILL) mid-drain.");
            }
        }
        return this;
    }

    /** How long a preStop hook pauses, if it says: a sleep action, or an exec running sleep N. */
    static Optional<Long> pause(LifecycleHandler preStop) {
        if (preStop.getSleep() != null && preStop.getSleep().getSeconds() != null) {
            return Optional.of(preStop.getSleep().getSeconds());
        }
        if (preStop.getExec() != null && preStop.getExec().getCommand() != null) {
            List<String> command = preStop.getExec().getCommand();
            if (command.size() >= 2 && command.get(0).matches("(.*/)?sleep") && command.get(1).matches("\\d+s?")) {
                return Optional.of(Long.parseLong(command.get(1).replace("s", "")));
            }
            Matcher sleep = SLEEP.matcher(String.join(" ", command));
            if (sleep.find()) {
                return Optional.of(Long.parseLong(sleep.group(1)));
            }
        }
        return Optional.empty();
    }

    private void probedPort(WorkloadContainer c, String which, Probe probe) {
        IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort()
                : probe.getGrpc() != null ? new IntOrString(probe.getGrpc().getPort()) : null;
        if (port != null && !c.declaresPort(port)) {
            throw new CheckFailure("The " + which + " of " + c.describe() + " checks port " + show(port) + " ("
                    + c.at(which) + "), which the container does not declare (it serves " + ports(c) + "): the "
                    + "probe tests something other than what the Service sends traffic to.");
        }
    }

    /** What both probes do, when they are the same check (kube-score's comparison: path and port, port, command). */
    private static Optional<String> sameCheck(WorkloadContainer c, Probe readiness, Probe liveness) {
        if (readiness.getHttpGet() != null && liveness.getHttpGet() != null
                && Objects.equals(pathOf(readiness), pathOf(liveness))
                && portNumber(c, readiness.getHttpGet().getPort()) == portNumber(c, liveness.getHttpGet().getPort())) {
            return Optional.of("GET " + pathOf(readiness) + " on port " + show(readiness.getHttpGet().getPort()));
        }
        if (readiness.getTcpSocket() != null && liveness.getTcpSocket() != null
                && portNumber(c, readiness.getTcpSocket().getPort()) == portNumber(c, liveness.getTcpSocket().getPort())) {
            return Optional.of("open a connection to port " + show(readiness.getTcpSocket().getPort()));
        }
        if (readiness.getExec() != null && liveness.getExec() != null
                && Objects.equals(readiness.getExec().getCommand(), liveness.getExec().getCommand())) {
            return Optional.of("run " + String.join(" ", readiness.getExec().getCommand()));
        }
        return Optional.empty();
    }

    private static String pathOf(Probe probe) {
        String path = probe.getHttpGet().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static int portNumber(WorkloadContainer c, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.ports().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort).orElse(-2);
    }

    private static List<VolumeMount> mounts(WorkloadContainer c) {
        return c.container().getVolumeMounts() == null ? List.of() : c.container().getVolumeMounts();
    }

    private String mountedAt(String volume) {
        List<String> paths = workload.containers().stream().flatMap(c -> mounts(c).stream())
                .filter(m -> volume.equals(m.getName())).map(VolumeMount::getMountPath).distinct().toList();
        return paths.isEmpty() ? "" : " at " + String.join(", ", paths);
    }

    private static boolean under(String path, String root) {
        String p = path == null ? "" : path.replaceAll("/+$", "");
        String r = root.replaceAll("/+$", "");
        return p.equals(r) || p.startsWith(r + "/");
    }

    private static String volumeType(Volume v) {
        Map<String, Object> present = new java.util.LinkedHashMap<>();
        for (java.lang.reflect.Method m : Volume.class.getMethods()) {
            if (m.getName().startsWith("get") && m.getParameterCount() == 0 && !m.getName().equals("getName")
                    && !m.getName().equals("getAdditionalProperties") && !m.getName().equals("getClass")) {
                try {
                    Object value = m.invoke(v);
                    if (value != null) {
                        String field = m.getName().substring(3);
                        present.put(Character.toLowerCase(field.charAt(0)) + field.substring(1), value);
                    }
                } catch (ReflectiveOperationException e) {
                    // not a property
                }
            }
        }
        return present.isEmpty() ? "an unknown type" : String.join(", ", present.keySet());
    }

    static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal().strip();
        if (text.endsWith("%")) {
            try {
                double percent = Double.parseDouble(text.substring(0, text.length() - 1));
                return (int) Math.ceil(replicas * percent / 100.0);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isZero(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal() == 0
                : value.getStrVal() != null && value.getStrVal().strip().matches("0+(\\.0*)?%?");
    }

    static String show(IntOrString value) {
        return value == null ? "(none)" : value.getIntVal() != null ? String.valueOf(value.getIntVal())
                : value.getStrVal();
    }

    private static String ports(WorkloadContainer c) {
        return c.ports().isEmpty() ? "no port" : (c.ports().size() == 1 ? "port " : "ports ") + c.ports().stream()
                .map(p -> p.getContainerPort() + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static String pods(int n) {
        return n == 1 ? "pod" : "pods";
    }

    private static String joined(List<String> items) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
