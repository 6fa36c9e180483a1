package dev.roadlab.grader.kubernetes;

import dev.roadlab.grader.check.CheckFailure;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Assertions on a Service that read aloud in a check: it selects pods that a workload of the file runs, and sends
 * each port to a port those pods' containers declare.
 *
 * <pre>{@code
 * for (Manifest<Service> service : app.services()) {
 *     ServiceAssert.that(service, app).selectsPods().targetsDeclaredPorts();
 * }
 * }</pre>
 */
public final class ServiceAssert {

    private final Manifest<Service> service;
    private final KubernetesManifests manifests;

    private ServiceAssert(Manifest<Service> service, KubernetesManifests manifests) {
        this.service = service;
        this.manifests = manifests;
    }

    public static ServiceAssert that(Manifest<Service> service, KubernetesManifests manifests) {
        return new ServiceAssert(service, manifests);
    }

    private boolean external() {
        return service.object().getSpec() != null && "ExternalName".equals(service.object().getSpec().getType());
    }

    /**
     * Its selector picks the pods of at least one workload of the file (an ExternalName Service selects nothing by
     * design). kube-score: service-targets-pod; kube-linter: dangling-service.
     */
    public ServiceAssert selectsPods() {
        if (external()) {
            return this;
        }
        Map<String, String> selector = service.object().getSpec() == null ? null
                : service.object().getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            throw new CheckFailure(service.describe() + " has no selector: Kubernetes sends its traffic to no pod.");
        }
        if (manifests.selectedBy(service).isEmpty()) {
            List<Workload> workloads = manifests.workloads().stream().filter(w -> w.manifest()
                    .sameNamespaceAs(service)).toList();
            String carried = workloads.isEmpty() ? manifests.file() + " defines no workload"
                    : workloads.stream().map(w -> w.manifest().title() + "'s pods carry " + Labels.show(w.podLabels()))
                    .collect(Collectors.joining("; "));
            throw new CheckFailure(service.describe() + " selects " + Labels.show(selector) + " ("
                    + service.at("spec.selector") + "), and no pod template carries all of those labels (" + carried
                    + "): the Service has no endpoints, so every connection to it fails.");
        }
        return this;
    }

    /**
     * Every port's {@code targetPort} (its {@code port} when left out) is a port, by number or by name, that the
     * containers of every workload it selects declare. kube-linter's invalid-target-ports checks the names' syntax;
     * this checks that they lead somewhere.
     */
    public ServiceAssert targetsDeclaredPorts() {
        if (external()) {
            return this;
        }
        List<ServicePort> ports = service.object().getSpec().getPorts() == null ? List.of()
                : service.object().getSpec().getPorts();
        if (ports.isEmpty()) {
            throw new CheckFailure(service.describe() + " has no ports: nothing can connect to it.");
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            for (Workload workload : manifests.selectedBy(service)) {
                boolean declared = workload.appContainers().stream().anyMatch(c -> c.declaresPort(target));
                if (!declared) {
                    String theirs = workload.appContainers().stream().flatMap(c -> c.ports().stream())
                            .map(p -> p.getContainerPort() + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                            .collect(Collectors.joining(", "));
                    throw new CheckFailure("Port " + port.getPort() + " of " + service.describe() + " sends traffic "
                            + "to targetPort " + WorkloadAssert.show(target) + " (" + service.at("spec.ports[" + i
                            + "]") + "), which no container of " + workload.manifest().title() + " declares (they "
                            + "declare " + (theirs.isEmpty() ? "no port" : theirs) + "): connections to it are refused.");
                }
            }
        }
        return this;
    }
}
