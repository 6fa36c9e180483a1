package dev.roadlab.labs;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bundled labs' grader on each sandbox provider, for tests that prove a lab on both. */
final class ProviderGraders implements AutoCloseable {

    static final List<String> PROVIDERS = List.of("containers", "servers");

    private final Map<String, Grader> graders = new LinkedHashMap<>();

    ProviderGraders(LabCatalog labs) {
        for (String provider : PROVIDERS) {
            graders.put(provider, Grader.create(labs, TestSandboxes.named(provider)));
        }
    }

    Grader on(String provider) {
        return graders.get(provider);
    }

    @Override
    public void close() {
        graders.values().forEach(Grader::close);
    }
}
