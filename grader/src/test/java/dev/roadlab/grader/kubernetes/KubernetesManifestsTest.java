package dev.roadlab.grader.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.SubmissionError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifests read the way a strict kubectl apply reads them, with errors that name the document and the line. */
class KubernetesManifestsTest {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: ghcr.io/acme/web:1.4.2
                      ports:
                        - {name: http, containerPort: 8080}
                      resources:
                        requests: {cpu: 250m, memory: 256Mi}
                        limits: {cpu: "1", memory: 256Mi}
            """;

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - {port: 80, targetPort: http}
            """;

    @Test
    void documents_are_read_into_typed_objects_in_file_order() {
        KubernetesManifests app = KubernetesManifests.parse("app.yaml", DEPLOYMENT + "---\n" + SERVICE);
        assertThat(app.all()).extracting(Manifest::title).containsExactly("Deployment web", "Service web");
        Manifest<Deployment> web = app.ofType(Deployment.class).getFirst();
        assertThat(web.object().getSpec().getReplicas()).isEqualTo(3);
        assertThat(web.document()).isEqualTo(1);
        assertThat(web.line("spec.template.spec.containers[0].image")).isEqualTo(16);
        assertThat(web.line("spec.template.spec.containers[0].nothing.here")).isEqualTo(15);
        assertThat(web.where()).isEqualTo("app.yaml, document 1 (Deployment web)");
        Manifest<Service> service = app.services().getFirst();
        assertThat(service.document()).isEqualTo(2);
        assertThat(service.object().getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(service.describe()).isEqualTo("Service web (app.yaml, line 23)");
        assertThat(app.selectedBy(service)).extracting(Workload::name).containsExactly("web");
    }

    @Test
    void an_unknown_field_names_its_document_its_line_and_the_field_meant() {
        String text = SERVICE + "---\n" + DEPLOYMENT.replace("  replicas: 3", "  replica: 3");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", text))
                .isInstanceOf(SubmissionError.class)
                .hasMessage("app.yaml, document 2 (Deployment web), line 16: unknown field 'replica' in spec — did "
                        + "you mean 'replicas'?");
    }

    @Test
    void a_field_at_the_wrong_level_says_where_it_belongs() {
        String text = DEPLOYMENT.replace("  replicas: 3\n", "").replace("  labels: {app: web}\nspec:",
                "  labels: {app: web}\nreplicas: 3\nspec:");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", text))
                .hasMessage("app.yaml, document 1 (Deployment web), line 6: unknown field 'replicas' — it belongs "
                        + "under spec (spec.replicas)");
    }

    @Test
    void a_number_where_kubernetes_takes_text_is_a_wrong_type() {
        String text = DEPLOYMENT.replace("          ports:", "          env:\n            - {name: PORT, value: 8080}\n"
                + "          ports:");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", text))
                .hasMessage("app.yaml, document 1 (Deployment web), line 18: spec.template.spec.containers[0].env[0]"
                        + ".value: the number 8080, but Kubernetes expects text here: quote it (\"8080\")");
    }

    @Test
    void quoted_numbers_lists_and_bad_quantities_are_wrong_types_too() {
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("replicas: 3",
                "replicas: \"3\"")))
                .hasMessageEndingWith("line 7: spec.replicas: the text \"3\", but Kubernetes expects a whole number "
                        + "here: remove the quotes");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("          ports:\n"
                + "            - {name: http, containerPort: 8080}", "          ports: 8080")))
                .hasMessageContaining("line 17: spec.template.spec.containers[0].ports: expected a list");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("memory: 256Mi}\n"
                + "            limits", "memory: 256mb}\n            limits")))
                .hasMessageContaining("line 20: spec.template.spec.containers[0].resources.requests.memory: '256mb' "
                        + "is not a quantity");
    }

    @Test
    void several_problems_are_listed_together() {
        String text = DEPLOYMENT.replace("  replicas: 3", "  replica: 3").replace("image:", "imagen:");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", text))
                .hasMessageStartingWith("app.yaml has 2 problems:\n")
                .hasMessageContaining("line 7: unknown field 'replica'")
                .hasMessageContaining("line 16: unknown field 'imagen' in spec.template.spec.containers[0] — did you "
                        + "mean 'image'?");
    }

    @Test
    void an_unknown_kind_and_an_unserved_api_version_are_refused() {
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("kind: Deployment",
                "kind: Deploymnet")))
                .hasMessage("app.yaml, document 1 (Deploymnet web), line 2: unknown kind 'Deploymnet' — did you "
                        + "mean 'Deployment'?");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("kind: Deployment",
                "kind: deployment")))
                .hasMessageContaining("kinds are case-sensitive: did you mean 'Deployment'?");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("apps/v1",
                "extensions/v1beta1")))
                .hasMessage("app.yaml, document 1 (Deployment web), line 1: apiVersion extensions/v1beta1 was removed "
                        + "in Kubernetes 1.16 (its Ingress in 1.22); Deployment is served as apps/v1");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", DEPLOYMENT.replace("apps/v1", "v1")))
                .hasMessage("app.yaml, document 1 (Deployment web), line 1: Deployment is not served as v1; it is "
                        + "apps/v1");
    }

    @Test
    void a_custom_resource_is_kept_untyped() {
        KubernetesManifests app = KubernetesManifests.parse("app.yaml", """
                apiVersion: external-secrets.io/v1beta1
                kind: ExternalSecret
                metadata: {name: web-redis}
                spec: {anything: [goes, here]}
                """);
        assertThat(app.all().getFirst().object()).isInstanceOf(GenericKubernetesResource.class);
    }

    @Test
    void a_document_must_be_an_object_with_an_api_version_a_kind_and_a_name() {
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", "---\n- a\n- b\n"))
                .hasMessage("app.yaml, document 1, line 2: a Kubernetes object is a mapping with apiVersion, kind "
                        + "and metadata; this document is a list");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", "kind: Service\nmetadata: {name: x}\n"))
                .hasMessage("app.yaml, document 1, line 1: every object needs an apiVersion");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", "apiVersion: v1\nkind: Service\nspec: {}\n"))
                .hasMessage("app.yaml, document 1 (Service), line 1: every object needs a metadata.name");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", SERVICE + "---\n" + SERVICE))
                .hasMessageContaining("document 2 (Service web), line 10: Service web is already defined in "
                        + "document 1");
    }

    @Test
    void yaml_that_does_not_parse_names_the_line_and_empty_documents_are_skipped() {
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", "apiVersion: v1\nkind: [Service\n"))
                .isInstanceOf(SubmissionError.class).hasMessageStartingWith("app.yaml, line ");
        assertThat(KubernetesManifests.parse("app.yaml", "---\n---\n" + SERVICE + "---\n").all()).hasSize(1);
    }

    @Test
    void hostile_yaml_ends_in_a_clean_error() {
        String laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + java.util.stream.IntStream.range(1, 60)
                .mapToObj(i -> (char) ('a' + i % 26) + "" + i + ": &" + "l" + i + " [*" + (i == 1 ? "a" : "l" + (i - 1))
                        + ", *" + (i == 1 ? "a" : "l" + (i - 1)) + "]")
                .reduce("", (x, y) -> x + y + "\n");
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", laughs)).isInstanceOf(SubmissionError.class);
        String deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + "[".repeat(20_000)
                + "]".repeat(20_000) + "\n";
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", deep)).isInstanceOf(SubmissionError.class);
        String garbage = new String(new byte[]{(byte) 0x7f, 0x01, 0x02, '{', ':', ']'}, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> KubernetesManifests.parse("app.yaml", garbage)).isInstanceOf(SubmissionError.class);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            many.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c").append(i).append("}\ndata: {k: v}\n---\n");
        }
        assertThat(KubernetesManifests.parse("app.yaml", many.toString()).all()).hasSize(2_000);
    }

    @Test
    void label_selectors_follow_kubernetes() {
        assertThat(Labels.selects(Map.of("app", "web"), Map.of("app", "web", "tier", "front"))).isTrue();
        assertThat(Labels.selects(Map.of("app", "web"), Map.of("app", "shop"))).isFalse();
        assertThat(Labels.selects(Map.<String, String>of(), Map.of("app", "web"))).isFalse();
        io.fabric8.kubernetes.api.model.LabelSelector in = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "edge").endMatchExpression()
                .build();
        assertThat(Labels.selects(in, Map.of("tier", "edge"))).isTrue();
        assertThat(Labels.selects(in, Map.of("tier", "back"))).isFalse();
        assertThat(Labels.selects(new io.fabric8.kubernetes.api.model.LabelSelector(), Map.of("a", "b"))).isTrue();
        assertThat(Labels.selects((io.fabric8.kubernetes.api.model.LabelSelector) null, Map.of("a", "b"))).isFalse();
    }

    @Test
    void suggestions_take_only_close_names() {
        assertThat(Suggestions.nearest("contianers", java.util.List.of("containers", "volumes"))).contains("containers");
        assertThat(Suggestions.nearest("imagePullPolicy", java.util.List.of("imagepullpolicy"))).isPresent();
        assertThat(Suggestions.nearest("foo", java.util.List.of("name", "image"))).isEmpty();
    }
}
