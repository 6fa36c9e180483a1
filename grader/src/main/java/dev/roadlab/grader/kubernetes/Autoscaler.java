package dev.roadlab.grader.kubernetes;

import java.util.Optional;

/**
 * A HorizontalPodAutoscaler, whichever served version it is written in (autoscaling/v1 or v2), seen through what
 * both have: the object it scales and its bounds.
 *
 * @param minReplicas {@code spec.minReplicas}, 1 when left out (Kubernetes' default)
 */
public record Autoscaler(Manifest<?> manifest, String targetApiVersion, String targetKind, String targetName,
                         int minReplicas, int maxReplicas) {

    static Optional<Autoscaler> of(Manifest<?> manifest) {
        return switch (manifest.object()) {
            case io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler h when h.getSpec() != null
                    && h.getSpec().getScaleTargetRef() != null -> Optional.of(new Autoscaler(manifest,
                    nullToEmpty(h.getSpec().getScaleTargetRef().getApiVersion()),
                    nullToEmpty(h.getSpec().getScaleTargetRef().getKind()),
                    nullToEmpty(h.getSpec().getScaleTargetRef().getName()),
                    h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas(),
                    h.getSpec().getMaxReplicas() == null ? 0 : h.getSpec().getMaxReplicas()));
            case io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler h when h.getSpec() != null
                    && h.getSpec().getScaleTargetRef() != null -> Optional.of(new Autoscaler(manifest,
                    nullToEmpty(h.getSpec().getScaleTargetRef().getApiVersion()),
                    nullToEmpty(h.getSpec().getScaleTargetRef().getKind()),
                    nullToEmpty(h.getSpec().getScaleTargetRef().getName()),
                    h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas(),
                    h.getSpec().getMaxReplicas() == null ? 0 : h.getSpec().getMaxReplicas()));
            default -> Optional.empty();
        };
    }

    /** Whether it scales this workload: same kind, name and namespace (and API version, when it gives one). */
    public boolean scales(Workload workload) {
        return targetKind.equals(workload.kind()) && targetName.equals(workload.name())
                && manifest.sameNamespaceAs(workload.manifest())
                && (targetApiVersion.isEmpty() || targetApiVersion.equals(workload.manifest().object().getApiVersion()));
    }

    /** "HorizontalPodAutoscaler web (app.yaml, line 80)". */
    public String describe() {
        return manifest.describe();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
