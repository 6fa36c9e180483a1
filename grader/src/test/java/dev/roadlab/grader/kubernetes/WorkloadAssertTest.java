package dev.roadlab.grader.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.CheckFailure;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each assertion on a well-built app passes, and fails on one change with a message that says what and where. */
class WorkloadAssertTest {

    static final String APP = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  terminationGracePeriodSeconds: 40
                  securityContext: {runAsNonRoot: true, runAsUser: 10001}
                  containers:
                    - name: web
                      image: ghcr.io/acme/web:1.4.2
                      ports:
                        - {name: http, containerPort: 8080}
                      env:
                        - name: SESSION_REDIS_URL
                          valueFrom: {secretKeyRef: {name: web-redis, key: url}}
                        - name: SESSION_REDIS_PASSWORD
                          valueFrom: {secretKeyRef: {name: web-redis, key: password}}
                        - {name: LOG_LEVEL, value: info}
                      resources:
                        requests: {cpu: 250m, memory: 256Mi}
                        limits: {cpu: "1", memory: 256Mi}
                      readinessProbe:
                        httpGet: {path: /readyz, port: http}
                      livenessProbe:
                        httpGet: {path: /healthz, port: http}
                      lifecycle:
                        preStop:
                          exec: {command: [sleep, "5"]}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
                      volumeMounts:
                        - {name: tmp, mountPath: /tmp}
                  volumes:
                    - name: tmp
                      emptyDir: {}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - {port: 80, targetPort: http}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: web
            spec:
              maxUnavailable: 1
              selector:
                matchLabels: {app: web}
            """;

    @Test
    void a_well_built_app_passes_every_assertion() {
        KubernetesManifests app = KubernetesManifests.parse("app.yaml", APP);
        Workload web = app.workloads().getFirst();
        assertThatCode(() -> WorkloadAssert.that(web, app).runsAtLeast(2).probesEveryServingContainer()
                .setsRequestsAndLimits("cpu", "memory").pinsEveryImage().keepsNoStateInVolumes(List.of("/tmp"))
                .takesCredentialsFromSecrets().readsASecret().rollsOutWithoutUnavailablePods()
                .hasADisruptionBudgetThatPermitsADrain().runsRestricted().shutsDownGracefully(5, 20))
                .doesNotThrowAnyException();
        assertThatCode(() -> ServiceAssert.that(app.services().getFirst(), app).selectsPods().targetsDeclaredPorts())
                .doesNotThrowAnyException();
    }

    @Test
    void one_replica_without_an_autoscaler_is_too_few() {
        failsWith(APP.replace("replicas: 3", "replicas: 1"), a -> a.runsAtLeast(2),
                "Deployment web (app.yaml, line 1) runs 1 pod (spec.replicas, app.yaml, line 6), and no "
                        + "HorizontalPodAutoscaler keeps more running.");
        failsWith(APP.replace("  replicas: 3\n", ""), a -> a.runsAtLeast(2), "leaves spec.replicas out, so "
                + "Kubernetes runs 1 pod");
    }

    @Test
    void an_autoscaler_decides_the_replicas_when_it_scales_the_workload() {
        String hpa = """
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
                  minReplicas: %d
                  maxReplicas: 10
                """;
        String app = APP.replace("  replicas: 3\n", "");
        KubernetesManifests scaled = KubernetesManifests.parse("app.yaml", app + hpa.formatted("web", 3));
        assertThatCode(() -> WorkloadAssert.that(scaled.workloads().getFirst(), scaled).runsAtLeast(2)
                .hasADisruptionBudgetThatPermitsADrain()).doesNotThrowAnyException();
        failsWith(app + hpa.formatted("web", 1), a -> a.runsAtLeast(2), "scales Deployment web down to 1 pod "
                + "(minReplicas, app.yaml, line 71)");
        failsWith(app + hpa.formatted("webb", 3), a -> a.runsAtLeast(2), "(HorizontalPodAutoscaler web (app.yaml, "
                + "line 66) scales Deployment webb, which app.yaml does not define)");
    }

    @Test
    void probes_must_exist_differ_and_check_a_declared_port() {
        failsWith(APP.replace("path: /readyz", "path: /healthz"), WorkloadAssert::probesEveryServingContainer,
                "The readinessProbe (app.yaml, line 32) and the livenessProbe (app.yaml, line 34) of container 'web' "
                        + "of Deployment web (app.yaml, line 19) both GET /healthz on port http.");
        failsWith(APP.replace("path: /readyz, port: http", "path: /healthz, port: 8080"),
                WorkloadAssert::probesEveryServingContainer, "both GET /healthz on port 8080");
        failsWith(APP.replace("          readinessProbe:\n            httpGet: {path: /readyz, port: http}\n", ""),
                WorkloadAssert::probesEveryServingContainer, "serves port 8080 (http) and has no readinessProbe");
        failsWith(APP.replace("path: /healthz, port: http", "path: /healthz, port: 9090"),
                WorkloadAssert::probesEveryServingContainer, "The livenessProbe of container 'web' of Deployment web "
                        + "(app.yaml, line 19) checks port 9090 (app.yaml, line 34), which the container does not "
                        + "declare");
    }

    @Test
    void every_container_requests_and_limits_cpu_and_memory() {
        failsWith(APP.replace("limits: {cpu: \"1\", memory: 256Mi}", "limits: {memory: 256Mi}"),
                a -> a.setsRequestsAndLimits("cpu", "memory"), "Container 'web' of Deployment web (app.yaml, line "
                        + "19) sets no cpu limit (resources, app.yaml, line 29).");
        failsWith(APP.replace("requests: {cpu: 250m, memory: 256Mi}", "requests: {cpu: \"0\"}"),
                a -> a.setsRequestsAndLimits("cpu", "memory"), "sets no cpu request and no memory request");
    }

    @Test
    void images_are_pinned_by_a_tag_other_than_latest_or_by_a_digest() {
        failsWith(APP.replace("web:1.4.2", "web:latest"), WorkloadAssert::pinsEveryImage,
                "runs ghcr.io/acme/web:latest (app.yaml, line 20)");
        failsWith(APP.replace("ghcr.io/acme/web:1.4.2", "registry:5000/acme/web"), WorkloadAssert::pinsEveryImage,
                "runs registry:5000/acme/web, with no tag, which means :latest");
        passes(APP.replace("web:1.4.2", "web@sha256:" + "a".repeat(64)), WorkloadAssert::pinsEveryImage);
    }

    @Test
    void state_never_lives_in_the_pods_volumes() {
        String pvc = APP.replace("emptyDir: {}", "persistentVolumeClaim: {claimName: web-sessions}");
        failsWith(pvc, a -> a.keepsNoStateInVolumes(List.of("/tmp")), "Volume 'tmp' of Deployment web (app.yaml, "
                + "line 46) mounts PersistentVolumeClaim web-sessions at /tmp");
        failsWith(APP.replace("emptyDir: {}", "hostPath: {path: /var/lib/web}"),
                a -> a.keepsNoStateInVolumes(List.of("/tmp")), "is the node's directory /var/lib/web (hostPath)");
        failsWith(APP.replace("mountPath: /tmp", "mountPath: /var/lib/web/sessions"),
                a -> a.keepsNoStateInVolumes(List.of("/tmp")), "The emptyDir volume 'tmp' of Deployment web "
                        + "(app.yaml, line 46) is mounted at /var/lib/web/sessions");
        passes(APP.replace("mountPath: /tmp", "mountPath: /tmp/uploads"), a -> a.keepsNoStateInVolumes(List.of("/tmp")));
        failsWith(APP.replace("emptyDir: {}", "nfs: {server: nas, path: /exports/web}"),
                a -> a.keepsNoStateInVolumes(List.of("/tmp")), "is storage (nfs) mounted into the pod at /tmp");
    }

    @Test
    void credentials_and_store_addresses_come_from_secrets() {
        failsWith(APP.replace("- name: SESSION_REDIS_PASSWORD\n              valueFrom: {secretKeyRef: {name: "
                + "web-redis, key: password}}", "- {name: SESSION_REDIS_PASSWORD, value: hunter2}"),
                WorkloadAssert::takesCredentialsFromSecrets, "SESSION_REDIS_PASSWORD of container 'web' of "
                        + "Deployment web (app.yaml, line 19) is written in app.yaml (app.yaml, line 26)");
        failsWith(APP.replace("- name: SESSION_REDIS_URL\n              valueFrom: {secretKeyRef: {name: web-redis, "
                + "key: url}}", "- {name: SESSION_REDIS_URL, value: \"redis://redis:6379/0\"}"),
                WorkloadAssert::takesCredentialsFromSecrets, "SESSION_REDIS_URL of container 'web' of Deployment web "
                        + "(app.yaml, line 19) gives the address of a backing store as a literal");
        failsWith(APP.replace("{name: LOG_LEVEL, value: info}", "{name: UPSTREAM, value: \"https://bot:s3cret@api"
                + ".example.com\"}"), WorkloadAssert::takesCredentialsFromSecrets, "UPSTREAM of container 'web'");
        failsWith(APP.replace("secretKeyRef: {name: web-redis, key: password}", "configMapKeyRef: {name: web, key: "
                + "password}"), WorkloadAssert::takesCredentialsFromSecrets, "comes from ConfigMap web");
        failsWith(APP + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: web-redis}\nstringData: {password: x}\n",
                WorkloadAssert::takesCredentialsFromSecrets, "Secret web-redis (app.yaml, line 67) carries its values "
                        + "in app.yaml (stringData, app.yaml, line 70)");
        passes(APP.replace("{name: LOG_LEVEL, value: info}", "{name: REDIS_PASSWORD_FILE, value: /run/secrets/p}"),
                WorkloadAssert::takesCredentialsFromSecrets);
        String noSecret = APP.replaceAll("(?s)          env:.*?(?=          resources:)", "");
        failsWith(noSecret, WorkloadAssert::readsASecret, "Deployment web (app.yaml, line 1) takes no variable from "
                + "a Secret");
    }

    @Test
    void a_rollout_never_goes_below_the_replica_count() {
        failsWith(APP.replace("maxUnavailable: 0", "maxUnavailable: 25%"), WorkloadAssert::rollsOutWithoutUnavailablePods,
                "Deployment web (app.yaml, line 1) allows maxUnavailable 25% (app.yaml, line 11)");
        failsWith(APP.replace("    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n",
                "    type: Recreate\n"), WorkloadAssert::rollsOutWithoutUnavailablePods, "uses strategy Recreate");
        failsWith(APP.replace("rollingUpdate: {maxSurge: 1, maxUnavailable: 0}", "rollingUpdate: {maxSurge: 1}"),
                WorkloadAssert::rollsOutWithoutUnavailablePods, "leaves maxUnavailable at its default, 25%");
        failsWith(APP.replace("maxSurge: 1", "maxSurge: 0"), WorkloadAssert::rollsOutWithoutUnavailablePods,
                "sets both maxUnavailable and maxSurge to 0");
    }

    @Test
    void a_disruption_budget_exists_and_lets_a_drain_evict_a_pod() {
        failsWith(APP.substring(0, APP.indexOf("---\napiVersion: policy/v1")),
                WorkloadAssert::hasADisruptionBudgetThatPermitsADrain, "No PodDisruptionBudget selects the pods of "
                        + "Deployment web (app.yaml, line 1) (they carry app=web)");
        failsWith(APP.replace("maxUnavailable: 1\n", "minAvailable: 3\n"),
                WorkloadAssert::hasADisruptionBudgetThatPermitsADrain, "keeps minAvailable 3 (app.yaml, line 63) of "
                        + "Deployment web's 3 pods");
        failsWith(APP.replace("maxUnavailable: 1\n", "minAvailable: 100%\n"),
                WorkloadAssert::hasADisruptionBudgetThatPermitsADrain, "keeps minAvailable 100%");
        failsWith(APP.replace("maxUnavailable: 1\n", "maxUnavailable: 0\n"),
                WorkloadAssert::hasADisruptionBudgetThatPermitsADrain, "allows maxUnavailable 0");
        passes(APP.replace("maxUnavailable: 1\n", "minAvailable: 50%\n"), WorkloadAssert::hasADisruptionBudgetThatPermitsADrain);
        failsWith(APP + APP.substring(APP.indexOf("---\napiVersion: policy/v1")).replace("name: web\nspec:\n  max",
                "name: web-2\nspec:\n  max"), WorkloadAssert::hasADisruptionBudgetThatPermitsADrain,
                "are selected by 2 PodDisruptionBudgets");
    }

    @Test
    void containers_run_restricted() {
        failsWith(APP.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
                        .replace("capabilities: {drop: [ALL]}", "capabilities: {drop: [NET_RAW]}"),
                WorkloadAssert::runsRestricted, "Container 'web' of Deployment web (app.yaml, line 19) has a writable "
                        + "root filesystem (no readOnlyRootFilesystem: true) and keeps Linux capabilities such as "
                        + "NET_RAW (no capabilities.drop: [ALL]).");
        failsWith(APP.replace("securityContext: {runAsNonRoot: true, runAsUser: 10001}", "securityContext: {}"),
                WorkloadAssert::runsRestricted, "may run as root");
        failsWith(APP.replace("runAsUser: 10001", "runAsUser: 0"), WorkloadAssert::runsRestricted, "runs as user 0");
        failsWith(APP.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"),
                WorkloadAssert::runsRestricted, "may gain privileges");
        passes(APP.replace("securityContext: {runAsNonRoot: true, runAsUser: 10001}", "securityContext: "
                + "{runAsUser: 10001}"), WorkloadAssert::runsRestricted);
    }

    @Test
    void a_serving_container_pauses_before_sigterm_within_its_grace_period() {
        failsWith(APP.replace("          lifecycle:\n            preStop:\n              exec: {command: [sleep, "
                + "\"5\"]}\n", ""), a -> a.shutsDownGracefully(5, 20), "has no preStop hook");
        failsWith(APP.replace("command: [sleep, \"5\"]", "command: [sleep, \"2\"]"), a -> a.shutsDownGracefully(5, 20),
                "pauses 2 s (app.yaml, line 37)");
        failsWith(APP.replace("terminationGracePeriodSeconds: 40", "terminationGracePeriodSeconds: 10"),
                a -> a.shutsDownGracefully(5, 20), "Deployment web (app.yaml, line 1) has terminationGracePeriodSeconds "
                        + "10 (app.yaml, line 16), counted from the start of the 5 s preStop pause of container 'web': "
                        + "with the 20 s the app takes to finish in-flight requests after SIGTERM it needs 25 s");
        passes(APP.replaceAll(" *terminationGracePeriodSeconds: 40\n", ""), a -> a.shutsDownGracefully(5, 20));
        assertThat(WorkloadAssert.pause(new LifecycleHandlerBuilder().withNewExec()
                .withCommand("/bin/sh", "-c", "sleep 10 && nginx -s quit").endExec().build())).contains(10L);
        assertThat(WorkloadAssert.pause(new LifecycleHandlerBuilder().withNewSleep().withSeconds(7L).endSleep()
                .build())).contains(7L);
    }

    @Test
    void a_service_selects_pods_and_targets_their_declared_ports() {
        KubernetesManifests wrongLabel = KubernetesManifests.parse("app.yaml", APP.replace("selector: {app: web}",
                "selector: {app: shop}"));
        assertThatThrownBy(() -> ServiceAssert.that(wrongLabel.services().getFirst(), wrongLabel).selectsPods())
                .isInstanceOf(CheckFailure.class)
                .hasMessage("Service web (app.yaml, line 49) selects app=shop (app.yaml, line 54), and no pod "
                        + "template carries all of those labels (Deployment web's pods carry app=web): the Service "
                        + "has no endpoints, so every connection to it fails.");
        KubernetesManifests wrongPort = KubernetesManifests.parse("app.yaml", APP.replace("targetPort: http",
                "targetPort: 8081"));
        assertThatThrownBy(() -> ServiceAssert.that(wrongPort.services().getFirst(), wrongPort).targetsDeclaredPorts())
                .hasMessageStartingWith("Port 80 of Service web (app.yaml, line 49) sends traffic to targetPort 8081 "
                        + "(app.yaml, line 56), which no container of Deployment web declares (they declare 8080 "
                        + "(http))");
        KubernetesManifests byNumber = KubernetesManifests.parse("app.yaml", APP.replace("targetPort: http",
                "targetPort: 8080"));
        assertThatCode(() -> ServiceAssert.that(byNumber.services().getFirst(), byNumber).targetsDeclaredPorts())
                .doesNotThrowAnyException();
    }

    private static void failsWith(String yaml, Consumer<WorkloadAssert> assertion, String message) {
        KubernetesManifests app = KubernetesManifests.parse("app.yaml", yaml);
        assertThatThrownBy(() -> assertion.accept(WorkloadAssert.that(app.workloads().getFirst(), app)))
                .isInstanceOf(CheckFailure.class).hasMessageContaining(message);
    }

    private static void passes(String yaml, Consumer<WorkloadAssert> assertion) {
        KubernetesManifests app = KubernetesManifests.parse("app.yaml", yaml);
        assertThatCode(() -> assertion.accept(WorkloadAssert.that(app.workloads().getFirst(), app)))
                .doesNotThrowAnyException();
    }
}
