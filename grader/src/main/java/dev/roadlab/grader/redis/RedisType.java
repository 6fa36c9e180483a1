package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.LocalBinaries;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.sandbox.SpecSection;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Redis sandboxes: a run has a Redis server to itself (so stopping its runaway script, which may restart the server,
 * touches no other run) and an ACL user there limited to its own key prefix and to data and scripting commands.
 */
public final class RedisType implements SandboxType<RedisSpec> {

    public static final String NAME = "redis";
    public static final String DEFAULT_IMAGE = "redis:7-alpine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Redis: a server per run at a time, an ACL user limited to the run's key prefix";
    }

    @Override
    public List<SandboxSetting> settings() {
        return List.of(
                SandboxSetting.of("url", "Admin URLs of Redis servers dedicated to grading, comma-separated, each "
                        + "restarted by a supervisor when it exits (servers provider), e.g. redis://127.0.0.1:6379. "
                        + "A run takes one to itself.").checked(RedisType::urlProblem),
                SandboxSetting.of("server", "A redis-server binary the servers provider runs itself when no URL is "
                        + "given (default: redis-server on the PATH)."),
                SandboxSetting.of("image", "Image of the containers provider's Redis.", DEFAULT_IMAGE),
                SandboxSetting.of("max-servers", "Redis servers (containers or processes) run at once, one per "
                        + "concurrent run.", "4").checked(RedisType::countProblem));
    }

    private static Optional<String> urlProblem(String urls) {
        try {
            urls(urls);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> countProblem(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            return n >= 1 && n <= 64 ? Optional.empty() : Optional.of("must be from 1 to 64");
        } catch (NumberFormatException e) {
            return Optional.of("must be a whole number from 1 to 64");
        }
    }

    private static List<RedisServer> urls(String urls) {
        return Arrays.stream(urls.split(",")).map(String::strip).filter(u -> !u.isEmpty()).map(RedisServer::fromUrl)
                .toList();
    }

    @Override
    public RedisSpec spec(SpecSection section) {
        section.fields().allowOnly(List.of());
        return new RedisSpec();
    }

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LabRedis.class);
    }

    @Override
    public boolean serversConfigured(SandboxSettings settings) {
        return settings.given(NAME + ".url").isPresent() || settings.given(NAME + ".server").isPresent();
    }

    @Override
    public SandboxBackend<RedisSpec> open(Provider provider, SandboxSettings settings) {
        int max = Integer.parseInt(settings.required(this, "max-servers"));
        return switch (provider) {
            case CONTAINERS -> new RedisBackend("Redis containers " + settings.required(this, "image"), max,
                    () -> new RedisServerSource.InContainer(settings.required(this, "image")));
            case SERVERS -> {
                Optional<String> given = settings.value(this, "url");
                if (given.isPresent()) {
                    List<RedisServer> servers = urls(given.get());
                    yield new RedisBackend(servers.size() == 1 ? servers.get(0).description()
                            : servers.size() + " Redis servers", servers.stream()
                            .<RedisServerSource>map(RedisServerSource.Supervised::new).toList());
                }
                Optional<Path> binary = settings.path(this, "server").or(() -> LocalBinaries.onPath("redis-server"));
                yield new RedisBackend("local redis-server processes", max, () -> new RedisServerSource.LocalProcess(
                        binary.orElseThrow(() -> new SandboxUnavailableException("no Redis for sandboxes: set "
                                + "ROADLAB_SANDBOX_REDIS_URL to a Redis dedicated to grading, or install redis-server"
                                + " (or set ROADLAB_SANDBOX_REDIS_SERVER)"))));
            }
        };
    }
}
