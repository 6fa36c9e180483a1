package dev.roadlab.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.kubernetes.KubernetesManifests;
import dev.roadlab.grader.kubernetes.Manifest;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.TestSandboxes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/: every manifest reads as typed Kubernetes objects (fabric8, through the grader's own reader), the engine
 * and the worker probe /healthz for liveness and /readyz for readiness on ports they declare, credentials come
 * from Secrets, workers scale on the queue's depth; and the whole of deploy/ passes Roadlab's own
 * stateless-deployment lab with full marks, graded by Roadlab's grader.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("..", "deploy");

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
    }

    static Container container(Manifest<Deployment> deployment) {
        return deployment.object().getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    @Test
    void every_manifest_parses_and_both_processes_probe_health_and_readiness_with_secrets_from_secrets()
            throws IOException {
        assertThat(manifests()).isNotEmpty();
        KubernetesManifests all = KubernetesManifests.parse("deploy", concatenated());
        Map<String, Manifest<Deployment>> deployments = all.ofType(Deployment.class).stream()
                .collect(Collectors.toMap(Manifest::name, d -> d));
        assertThat(deployments).containsOnlyKeys("roadlab-engine", "roadlab-worker");
        for (Manifest<Deployment> deployment : deployments.values()) {
            Container c = container(deployment);
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(deployment.title()).isEqualTo("/healthz");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(deployment.title()).isEqualTo("/readyz");
            String port = c.getReadinessProbe().getHttpGet().getPort().getStrVal();
            assertThat(c.getPorts()).as(deployment.title() + " declares its probe port")
                    .anySatisfy(p -> assertThat(p.getName()).isEqualTo(port));
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(deployment.object().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                    .isTrue();
            for (EnvVar env : c.getEnv()) {
                if (env.getName().matches("ROADLAB_(DB|SANDBOX)_.*")) {
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName() + " from a Secret").isNotNull();
                }
            }
        }
        assertThat(container(deployments.get("roadlab-engine")).getArgs()).containsExactly("serve");
        assertThat(container(deployments.get("roadlab-worker")).getArgs()).containsExactly("worker");
        assertThat(all.ofType(HorizontalPodAutoscaler.class)).anySatisfy(hpa -> {
            assertThat(hpa.object().getSpec().getScaleTargetRef().getName()).isEqualTo("roadlab-worker");
            assertThat(hpa.object().getSpec().getMetrics().getFirst().getExternal().getMetric().getName())
                    .isEqualTo("roadlab_queue_depth");
        });
        for (Path file : manifests()) {
            assertThat(KubernetesManifests.parse(file.getFileName().toString(), Files.readString(file)).all())
                    .as(file + " on its own").isNotEmpty();
        }
    }

    @Test
    void deploy_passes_roadlabs_own_stateless_deployment_lab_with_full_marks() throws IOException {
        try (Grader grader = Grader.create(LabCatalog.fromClasspath(getClass().getClassLoader()),
                TestSandboxes.servers())) {
            // The lab takes one file of YAML documents: deploy/ as one.
            GradeReport report = grader.grade("stateless-deployment",
                    Submission.ofText(Map.of("app.yaml", concatenated())));
            assertThat(report.verdict()).as(report.checks().toString()).isEqualTo(Verdict.PASSED);
            assertThat(report.score()).isEqualTo(report.maxScore());
        }
    }

    static String concatenated() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path file : manifests()) {
            all.append("---\n").append(Files.readString(file)).append('\n');
        }
        return all.toString();
    }
}
