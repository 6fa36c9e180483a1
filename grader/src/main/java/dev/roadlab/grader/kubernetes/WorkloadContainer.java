package dev.roadlab.grader.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One container of a workload's pod template, with the settings it actually runs with (a container's security
 * context falls back on its pod's, field by field).
 *
 * @param path where it is written, e.g. {@code spec.template.spec.containers[0]}
 * @param init whether it is an init container
 */
public record WorkloadContainer(Workload workload, Container container, String path, boolean init) {

    public String name() {
        return container.getName() == null ? "" : container.getName();
    }

    /** "container 'web' of Deployment web (app.yaml, line 24)". */
    public String describe() {
        return (init ? "init container '" : "container '") + name() + "' of " + workload.manifest().title() + " ("
                + workload.manifest().file() + ", line " + line("") + ")";
    }

    /** The line of a field of this container ({@code "image"}, {@code "resources.limits.memory"}). */
    public int line(String field) {
        return workload.manifest().line(field.isEmpty() ? path : path + "." + field);
    }

    /** "app.yaml, line 31", for a field of this container. */
    public String at(String field) {
        return workload.manifest().file() + ", line " + line(field);
    }

    public String image() {
        return container.getImage() == null ? "" : container.getImage();
    }

    /** The image's tag, if it has one ({@code 1.4.2} of {@code registry:5000/shop/web:1.4.2}). */
    public Optional<String> imageTag() {
        String image = image().contains("@") ? image().substring(0, image().indexOf('@')) : image();
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') && colon < image.length() - 1 ? Optional.of(image.substring(colon + 1))
                : Optional.empty();
    }

    /** The image's digest, if it is pinned by one ({@code sha256:...}). */
    public Optional<String> imageDigest() {
        int at = image().indexOf('@');
        return at >= 0 && at < image().length() - 1 ? Optional.of(image().substring(at + 1)) : Optional.empty();
    }

    public List<ContainerPort> ports() {
        return container.getPorts() == null ? List.of() : container.getPorts();
    }

    /**
     * Whether a port, given as a number or a name (a Service's {@code targetPort}, a probe's {@code port}), is one
     * this container declares.
     */
    public boolean declaresPort(IntOrString port) {
        if (port == null) {
            return false;
        }
        if (port.getIntVal() != null) {
            return ports().stream().anyMatch(p -> port.getIntVal().equals(p.getContainerPort()));
        }
        return ports().stream().anyMatch(p -> port.getStrVal() != null && port.getStrVal().equals(p.getName()));
    }

    /** A resource request ({@code "cpu"}, {@code "memory"}), if set. */
    public Optional<Quantity> request(String resource) {
        return resource(resource, r -> r.getRequests());
    }

    /** A resource limit, if set. */
    public Optional<Quantity> limit(String resource) {
        return resource(resource, r -> r.getLimits());
    }

    private Optional<Quantity> resource(String resource,
                                        Function<io.fabric8.kubernetes.api.model.ResourceRequirements,
                                                Map<String, Quantity>> which) {
        if (container.getResources() == null || which.apply(container.getResources()) == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(which.apply(container.getResources()).get(resource));
    }

    /** {@code runAsNonRoot} as it applies to this container (its own, else its pod's). */
    public Optional<Boolean> runAsNonRoot() {
        return effective(SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot);
    }

    /** {@code runAsUser} as it applies to this container. */
    public Optional<Long> runAsUser() {
        return effective(SecurityContext::getRunAsUser, PodSecurityContext::getRunAsUser);
    }

    /** {@code runAsGroup} as it applies to this container. */
    public Optional<Long> runAsGroup() {
        return effective(SecurityContext::getRunAsGroup, PodSecurityContext::getRunAsGroup);
    }

    /** A field of the container's own security context (the pod's has no such field). */
    public <T> Optional<T> own(Function<SecurityContext, T> field) {
        return Optional.ofNullable(container.getSecurityContext()).map(field);
    }

    private <T> Optional<T> effective(Function<SecurityContext, T> own, Function<PodSecurityContext, T> pod) {
        Optional<T> mine = own(own);
        if (mine.isPresent()) {
            return mine;
        }
        return Optional.ofNullable(workload.podSpec().getSecurityContext()).map(pod);
    }

    /** The capabilities it drops, upper-case. */
    public List<String> droppedCapabilities() {
        return own(SecurityContext::getCapabilities).map(c -> c.getDrop() == null ? List.<String>of()
                : c.getDrop().stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList()).orElse(List.of());
    }

    /** The capabilities it adds, upper-case. */
    public List<String> addedCapabilities() {
        return own(SecurityContext::getCapabilities).map(c -> c.getAdd() == null ? List.<String>of()
                : c.getAdd().stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList()).orElse(List.of());
    }
}
