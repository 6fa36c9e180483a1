package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.kubernetes.KubernetesManifests;
import dev.roadlab.grader.kubernetes.Manifest;
import dev.roadlab.grader.kubernetes.ServiceAssert;
import dev.roadlab.grader.kubernetes.Workload;
import dev.roadlab.grader.kubernetes.WorkloadAssert;
import dev.roadlab.grader.submission.Submission;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.function.Predicate;

/**
 * Checks of the stateless-deployment lab: app.yaml runs a web app whose sessions live in Redis and whose uploads
 * live in object storage as disposable, interchangeable pods. Static: the manifests are read into typed objects
 * (the grader's Kubernetes assertions) and judged the way kube-score and kube-linter judge them; each check is
 * named after the check it mirrors. No cluster is involved.
 *
 * <p>The checks hold every workload of the file to the same rules, so they grade any app's manifests, Roadlab's
 * own included (deploy/kubernetes.yaml, graded in the lab's tests).
 */
@LabChecks
public class StatelessDeploymentChecks {

    static final String FILE = "app.yaml";
    /** The only place the app writes: scratch space an emptyDir may hold. */
    static final List<String> SCRATCH = List.of("/tmp");
    /** How long the endpoint removal takes to reach every load balancer: the preStop pause needed. */
    static final int PAUSE_SECONDS = 5;
    /** How long the app takes to finish in-flight requests after SIGTERM (its contract). */
    static final int DRAIN_SECONDS = 20;

    @Check(order = 1, points = 3, title = "deployment-replicas: every Deployment runs at least 2 pods, itself or "
            + "through a HorizontalPodAutoscaler's minReplicas",
            hint = "Count the pods serving during the worst ordinary minute: a node drained for an upgrade, a pod "
                    + "restarting after a crash. A single replica makes each of those an outage.",
            teaches = "#disposability")
    void deployment_replicas(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : replicated(app)) {
            WorkloadAssert.that(w, app).runsAtLeast(2);
        }
    }

    @Check(order = 2, points = 3, title = "pod-probes: every container that serves has a readiness and a liveness "
            + "probe, and they are not the same check",
            hint = "Readiness asks \"should this pod get traffic now?\" and may depend on what the app needs to "
                    + "serve; liveness asks \"is this process stuck for good?\" and must not. What happens to every "
                    + "pod at once when the one check they share fails?",
            teaches = "#readiness-liveness-and-startup-probes")
    void pod_probes(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        List<Workload> serving = longRunning(app).stream().filter(StatelessDeploymentChecks::serves).toList();
        if (serving.isEmpty()) {
            throw new CheckFailure(FILE + " declares no container port: no pod says it serves HTTP, so nothing can "
                    + "probe it (the app listens on 8080).");
        }
        for (Workload w : serving) {
            WorkloadAssert.that(w, app).probesEveryServingContainer();
        }
    }

    @Check(order = 3, points = 2, title = "container-resources: every container requests and limits CPU and memory",
            hint = "Requests are what the scheduler reserves for a pod; limits are what it may never exceed. A pod "
                    + "with neither is placed blind and can starve its neighbours.",
            teaches = "#requests-and-limits")
    void container_resources(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : workloads(app)) {
            WorkloadAssert.that(w, app).setsRequestsAndLimits("cpu", "memory");
        }
    }

    @Check(order = 4, points = 3, title = "no-state-in-pod-volumes: no hostPath, PersistentVolumeClaim or emptyDir "
            + "beyond /tmp (kube-linter writable-host-mount, and beyond it)",
            hint = "A pod may be deleted and another started on a different node at any moment. Where does a "
                    + "session written by one pod live when the next request reaches another?",
            teaches = "#moving-state-out-of-the-process")
    void no_state_in_pod_volumes(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : workloads(app)) {
            WorkloadAssert.that(w, app).keepsNoStateInVolumes(SCRATCH);
        }
    }

    @Check(order = 5, points = 3, title = "env-var-secret: the session store's address and password come from a "
            + "Secret, and no credential is written in the manifests",
            hint = "Manifests are read by many: the repository, CI logs, anyone allowed to get a Deployment. What "
                    + "they must not hold is referenced by name instead, from an object whose access is guarded.",
            teaches = "#config-in-the-environment")
    void env_var_secret(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : workloads(app)) {
            WorkloadAssert.that(w, app).takesCredentialsFromSecrets();
        }
        for (Workload w : longRunning(app)) {
            WorkloadAssert.that(w, app).readsASecret();
        }
    }

    @Check(order = 6, points = 2, title = "container-image-tag: every image is pinned by a tag other than latest or "
            + "by a digest",
            hint = "Ask what a node pulls when it starts one of your pods next week, and what you roll back to.",
            teaches = "#reviewing-manifests-before-a-cluster-sees-them")
    void container_image_tag(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : workloads(app)) {
            WorkloadAssert.that(w, app).pinsEveryImage();
        }
    }

    @Check(order = 7, points = 2, title = "deployment-strategy: Deployments roll out with RollingUpdate and "
            + "maxUnavailable: 0",
            hint = "During a rollout, how many pods may be missing before their replacements are ready, by default? "
                    + "And what if the new version never becomes ready?",
            teaches = "#rolling-updates")
    void deployment_strategy(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : deployments(app)) {
            WorkloadAssert.that(w, app).rollsOutWithoutUnavailablePods();
        }
    }

    @Check(order = 8, points = 2, title = "deployment-has-poddisruptionbudget: a PodDisruptionBudget covers every "
            + "Deployment and still lets a drain evict a pod",
            hint = "A budget answers \"how many of these pods may a voluntary disruption take at once?\". Too loose "
                    + "and a drain takes them all; too tight and a drain can never finish.",
            teaches = "#rolling-updates")
    void deployment_has_poddisruptionbudget(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : replicated(app)) {
            WorkloadAssert.that(w, app).hasADisruptionBudgetThatPermitsADrain();
        }
    }

    @Check(order = 9, points = 3, title = "container-security-context: every container runs as non-root, on a "
            + "read-only root filesystem, without privilege escalation, with all capabilities dropped",
            hint = "Assume the process will one day run an attacker's code. What should it still be unable to do: "
                    + "write to its image, become root, open raw sockets?",
            teaches = "#reviewing-manifests-before-a-cluster-sees-them")
    void container_security_context(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        for (Workload w : workloads(app)) {
            WorkloadAssert.that(w, app).runsRestricted();
        }
    }

    @Check(order = 10, points = 2, title = "service-targets-pod: every Service selects the app's pods and sends "
            + "traffic to a port their containers declare",
            hint = "A Service finds its pods by labels alone and forwards to targetPort on them. Compare, key by "
                    + "key, what it selects with what the pod template carries, and its targetPort with the "
                    + "container's ports.",
            teaches = "#a-complete-deployment-and-service")
    void service_targets_pod(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        if (app.services().isEmpty()) {
            throw new CheckFailure(FILE + " has no Service: nothing gives the app's pods a stable address, so no "
                    + "request can reach them.");
        }
        for (Manifest<Service> service : app.services()) {
            ServiceAssert.that(service, app).selectsPods().targetsDeclaredPorts();
        }
    }

    @Check(order = 11, points = 2, title = "graceful-shutdown: serving containers pause in preStop, and the grace "
            + "period covers the pause and the drain (no kube-score or kube-linter check has this)",
            hint = "When a pod is deleted, two things start at once: its removal from the Service's endpoints, "
                    + "which takes a few seconds to reach every load balancer, and its shutdown. What keeps the "
                    + "process serving until the first is done, and how long may the whole take?",
            teaches = "#disposability")
    void graceful_shutdown(Submission submission) {
        KubernetesManifests app = KubernetesManifests.read(submission, FILE);
        List<Workload> serving = longRunning(app).stream().filter(StatelessDeploymentChecks::serves).toList();
        if (serving.isEmpty()) {
            throw new CheckFailure(FILE + " declares no container port: no pod says it serves, so there is no "
                    + "shutdown to drain (the app listens on 8080).");
        }
        for (Workload w : serving) {
            WorkloadAssert.that(w, app).shutsDownGracefully(PAUSE_SECONDS, DRAIN_SECONDS);
        }
    }

    /** Every workload; a file that runs none has not done the lab's work. */
    private static List<Workload> workloads(KubernetesManifests app) {
        List<Workload> all = app.workloads();
        if (all.isEmpty()) {
            throw new CheckFailure(FILE + " runs no pods: it has no Deployment (nor any other workload).");
        }
        return all;
    }

    private static List<Workload> longRunning(KubernetesManifests app) {
        return workloads(app).stream().filter(Workload::longRunning).toList();
    }

    /** The workloads that keep a number of interchangeable pods running: Deployments (and StatefulSets). */
    private static List<Workload> replicated(KubernetesManifests app) {
        List<Workload> replicated = workloads(app).stream().filter(kind("Deployment").or(kind("StatefulSet")))
                .toList();
        if (replicated.isEmpty()) {
            throw new CheckFailure(FILE + " has no Deployment: nothing keeps a number of the app's pods running.");
        }
        return replicated;
    }

    private static List<Workload> deployments(KubernetesManifests app) {
        List<Workload> deployments = workloads(app).stream().filter(kind("Deployment")).toList();
        if (deployments.isEmpty()) {
            throw new CheckFailure(FILE + " has no Deployment: nothing rolls the app's pods out.");
        }
        return deployments;
    }

    private static Predicate<Workload> kind(String kind) {
        return w -> w.kind().equals(kind);
    }

    private static boolean serves(Workload w) {
        return w.appContainers().stream().anyMatch(c -> !c.ports().isEmpty());
    }
}
