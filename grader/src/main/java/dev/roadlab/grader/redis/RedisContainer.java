package dev.roadlab.grader.redis;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/** A throw-away Redis for sandboxes: nothing persisted, memory bounded, an admin password. */
final class RedisContainer extends GenericContainer<RedisContainer> {

    static final int PORT = 6379;

    RedisContainer(DockerImageName image, String password) {
        super(image);
        withExposedPorts(PORT);
        withCommand("redis-server", "--requirepass", password, "--save", "", "--appendonly", "no",
                "--maxmemory", "256mb", "--maxmemory-policy", "noeviction",
                "--busy-reply-threshold", String.valueOf(RedisSandbox.BUSY_REPLY_THRESHOLD_MS));
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(512L * 1024 * 1024).withPidsLimit(256L));
        waitingFor(new LogMessageWaitStrategy().withRegEx(".*Ready to accept connections.*\\s")
                .withStartupTimeout(Duration.ofSeconds(60)));
    }

    RedisServer server(String password) {
        return new RedisServer(getHost(), getMappedPort(PORT), "default", password,
                "Redis container " + getDockerImageName());
    }
}
