/**
 * Kubernetes manifests in checks: a submitted multi-document YAML file read into fabric8's typed
 * {@code kubernetes-model} objects ({@link dev.roadlab.grader.kubernetes.KubernetesManifests}), views over what runs
 * pods ({@link dev.roadlab.grader.kubernetes.Workload}, {@link dev.roadlab.grader.kubernetes.WorkloadContainer},
 * {@link dev.roadlab.grader.kubernetes.Autoscaler}, {@link dev.roadlab.grader.kubernetes.Labels}), and assertions
 * that read aloud and fail with a {@link dev.roadlab.grader.check.CheckFailure} in the learner's terms
 * ({@link dev.roadlab.grader.kubernetes.WorkloadAssert}, {@link dev.roadlab.grader.kubernetes.ServiceAssert}).
 *
 * <p>Reading is strict, like {@code kubectl apply --validate=strict}: an unknown field ("did you mean
 * 'replicas'?"), an unknown kind, an API version Kubernetes no longer serves, a number where a field takes text or
 * a quantity that is not one is a {@link dev.roadlab.grader.check.SubmissionError} naming the file, the document and
 * the line, so the check's verdict is {@code error}. Custom resources (an API group of their own, such as an
 * ExternalSecret) are kept untyped.
 *
 * <p>An example check:
 *
 * <pre>{@code
 * @Check(order = 4, points = 2, title = "container-image-tag: every image is pinned to a version",
 *         hint = "What does a node pull when it starts your pod next month?")
 * void container_image_tag(Submission submission) {
 *     KubernetesManifests app = KubernetesManifests.read(submission, "app.yaml");
 *     if (app.workloads().isEmpty()) {
 *         throw new CheckFailure("app.yaml runs no pods: it has no Deployment.");
 *     }
 *     for (Workload workload : app.workloads()) {
 *         WorkloadAssert.that(workload, app).pinsEveryImage();
 *     }
 * }
 * }</pre>
 *
 * A learner who wrote {@code image: ghcr.io/acme/shop-web:latest} reads: "container 'web' of Deployment web
 * (app.yaml, line 19) runs ghcr.io/acme/shop-web:latest (app.yaml, line 20). 'latest' is whatever was pushed last:
 * ...".
 */
package dev.roadlab.grader.kubernetes;
