package dev.roadlab.grader.sandbox;

import java.util.Optional;

/**
 * How the grader gets sandboxes.
 *
 * @param provider         auto, containers or servers
 * @param postgresUrl      admin URL of a PostgreSQL server for the servers provider
 * @param postgresImage    image of the containers provider's PostgreSQL
 * @param warmPerLab       run databases kept ready per lab
 */
public record SandboxSettings(ProviderMode provider, Optional<String> postgresUrl, String postgresImage,
                              int warmPerLab) {

    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";

    public static SandboxSettings defaults() {
        return new SandboxSettings(ProviderMode.AUTO, Optional.empty(), DEFAULT_POSTGRES_IMAGE, 2);
    }

    public SandboxSettings withProvider(ProviderMode mode) {
        return new SandboxSettings(mode, postgresUrl, postgresImage, warmPerLab);
    }

    public SandboxSettings withPostgresUrl(String url) {
        return new SandboxSettings(provider, Optional.ofNullable(url), postgresImage, warmPerLab);
    }

    public SandboxSettings withWarmPerLab(int n) {
        return new SandboxSettings(provider, postgresUrl, postgresImage, n);
    }
}
