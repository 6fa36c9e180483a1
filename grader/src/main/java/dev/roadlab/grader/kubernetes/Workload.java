package dev.roadlab.grader.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object that runs pods, seen through what every such kind has: a pod template (labels and spec), a selector,
 * and for some a replica count. kube-linter calls these "DeploymentLike"; kube-score "PodSpecer".
 *
 * @param manifest  the object as written
 * @param podPath   where its pod spec is, e.g. {@code spec.template.spec} ({@code spec} for a Pod)
 * @param podLabels the labels its pods carry
 * @param podSpec   its pods' spec
 * @param selector  how it finds its pods (null for a Pod, a Job without one, a CronJob)
 * @param replicas  {@code spec.replicas} as written, for kinds that have one
 */
public record Workload(Manifest<?> manifest, String podPath, Map<String, String> podLabels, PodSpec podSpec,
                       LabelSelector selector, Optional<Integer> replicas) {

    public Workload {
        podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
        podSpec = podSpec == null ? new PodSpec() : podSpec;
    }

    /** The workload an object is, if it runs pods. */
    public static Optional<Workload> of(Manifest<?> manifest) {
        return switch (manifest.object()) {
            case Deployment d when d.getSpec() != null -> Optional.of(templated(manifest, "spec.template",
                    d.getSpec().getTemplate(), d.getSpec().getSelector(), Optional.ofNullable(d.getSpec().getReplicas())));
            case StatefulSet s when s.getSpec() != null -> Optional.of(templated(manifest, "spec.template",
                    s.getSpec().getTemplate(), s.getSpec().getSelector(), Optional.ofNullable(s.getSpec().getReplicas())));
            case ReplicaSet r when r.getSpec() != null -> Optional.of(templated(manifest, "spec.template",
                    r.getSpec().getTemplate(), r.getSpec().getSelector(), Optional.ofNullable(r.getSpec().getReplicas())));
            case DaemonSet d when d.getSpec() != null -> Optional.of(templated(manifest, "spec.template",
                    d.getSpec().getTemplate(), d.getSpec().getSelector(), Optional.empty()));
            case Job j when j.getSpec() != null -> Optional.of(templated(manifest, "spec.template",
                    j.getSpec().getTemplate(), j.getSpec().getSelector(), Optional.empty()));
            case CronJob c when c.getSpec() != null && c.getSpec().getJobTemplate() != null
                    && c.getSpec().getJobTemplate().getSpec() != null -> Optional.of(templated(manifest,
                    "spec.jobTemplate.spec.template", c.getSpec().getJobTemplate().getSpec().getTemplate(), null,
                    Optional.empty()));
            case Pod p -> Optional.of(new Workload(manifest, "spec",
                    p.getMetadata() == null ? Map.of() : p.getMetadata().getLabels(), p.getSpec(), null,
                    Optional.empty()));
            default -> Optional.empty();
        };
    }

    private static Workload templated(Manifest<?> manifest, String templatePath, PodTemplateSpec template,
                                      LabelSelector selector, Optional<Integer> replicas) {
        Map<String, String> labels = template == null || template.getMetadata() == null ? Map.of()
                : template.getMetadata().getLabels();
        return new Workload(manifest, templatePath + ".spec", labels, template == null ? null : template.getSpec(),
                selector, replicas);
    }

    public String kind() {
        return manifest.kind();
    }

    public String name() {
        return manifest.name();
    }

    /** "Deployment web (app.yaml, line 3)". */
    public String describe() {
        return manifest.describe();
    }

    /** Its containers, init containers first (they run before the others, with the same rules). */
    public List<WorkloadContainer> containers() {
        List<WorkloadContainer> all = new ArrayList<>();
        List<Container> init = podSpec.getInitContainers() == null ? List.of() : podSpec.getInitContainers();
        for (int i = 0; i < init.size(); i++) {
            all.add(new WorkloadContainer(this, init.get(i), podPath + ".initContainers[" + i + "]", true));
        }
        List<Container> regular = podSpec.getContainers() == null ? List.of() : podSpec.getContainers();
        for (int i = 0; i < regular.size(); i++) {
            all.add(new WorkloadContainer(this, regular.get(i), podPath + ".containers[" + i + "]", false));
        }
        return all;
    }

    /** Its long-running containers (not the init containers). */
    public List<WorkloadContainer> appContainers() {
        return containers().stream().filter(c -> !c.init()).toList();
    }

    /** The replicas it runs when nothing scales it: {@code spec.replicas}, 1 when left out. */
    public int replicasOrDefault() {
        return replicas.orElse(1);
    }

    /** Whether it runs pods continuously, as opposed to a Job or CronJob that runs them to completion. */
    public boolean longRunning() {
        return !(manifest.object() instanceof Job || manifest.object() instanceof CronJob
                || manifest.object() instanceof Pod p && p.getSpec() != null
                && "Never".equals(p.getSpec().getRestartPolicy()));
    }

    /** The line of a path inside its pod spec ({@code "volumes[0]"}), or of the pod spec. */
    public int podLine(String relativePath) {
        return manifest.line(relativePath.isEmpty() ? podPath : podPath + "." + relativePath);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workload w && w.manifest == manifest;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(manifest);
    }
}
