package dev.roadlab.grader.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the grader gets sandboxes.
 *
 * @param provider       auto, containers or servers
 * @param postgresUrl    admin URL of a PostgreSQL server dedicated to grading (servers provider)
 * @param redisUrl       admin URL of a Redis server dedicated to grading and restarted by a supervisor when it exits
 *                       (servers provider); without it the servers provider runs its own {@code redisServer}
 * @param redisServer    a redis-server binary the servers provider runs itself (default: found on the PATH)
 * @param nginxBinary    an nginx binary the servers provider runs per run (default: found on the PATH)
 * @param postgresImage  image of the containers provider's PostgreSQL
 * @param redisImage     image of the containers provider's Redis
 * @param nginxImage     image of the containers provider's nginx
 * @param warmPerLab     run databases (and nginx containers) kept ready per lab
 */
public record SandboxSettings(ProviderMode provider, Optional<String> postgresUrl, Optional<String> redisUrl,
                              Optional<Path> redisServer, Optional<Path> nginxBinary, String postgresImage,
                              String redisImage, String nginxImage, int warmPerLab) {

    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";
    public static final String DEFAULT_REDIS_IMAGE = "redis:7-alpine";
    public static final String DEFAULT_NGINX_IMAGE = "nginx:1.27-alpine";

    public static SandboxSettings defaults() {
        return new SandboxSettings(ProviderMode.AUTO, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_POSTGRES_IMAGE, DEFAULT_REDIS_IMAGE, DEFAULT_NGINX_IMAGE, 2);
    }

    public SandboxSettings withProvider(ProviderMode mode) {
        return new SandboxSettings(mode, postgresUrl, redisUrl, redisServer, nginxBinary, postgresImage, redisImage,
                nginxImage, warmPerLab);
    }

    public SandboxSettings withPostgresUrl(String url) {
        return new SandboxSettings(provider, Optional.ofNullable(url), redisUrl, redisServer, nginxBinary,
                postgresImage, redisImage, nginxImage, warmPerLab);
    }

    public SandboxSettings withRedisUrl(String url) {
        return new SandboxSettings(provider, postgresUrl, Optional.ofNullable(url), redisServer, nginxBinary,
                postgresImage, redisImage, nginxImage, warmPerLab);
    }

    public SandboxSettings withWarmPerLab(int n) {
        return new SandboxSettings(provider, postgresUrl, redisUrl, redisServer, nginxBinary, postgresImage,
                redisImage, nginxImage, n);
    }
}
