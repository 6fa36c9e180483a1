package dev.roadlab.grader.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.testing.SandboxContract;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The sandbox contract for Redis, plus what only Redis has: run users held to their prefix and to safe commands,
 * runaway scripts killed, a script that wrote stopped by restarting only that run's server.
 */
class RedisContractTest extends SandboxContract<RedisSpec> {

    @Override
    protected String kind() {
        return RedisType.NAME;
    }

    @Override
    protected RedisSpec spec() {
        return new RedisSpec();
    }

    /** The servers provider runs its own redis-server here: these tests restart Redis, never the machine's. */
    @Override
    protected SandboxSettings settings(Provider provider) {
        return provider == Provider.SERVERS ? TestSandboxes.serversWithOwnRedis().withWarmPerLab(0)
                : super.settings(provider);
    }

    private static LabRedis redis(RunSandbox run) {
        return (LabRedis) run.handle(LabRedis.class);
    }

    @Override
    protected void use(RunSandbox run) {
        try (Jedis jedis = redis(run).connect()) {
            assertThat(jedis.set(redis(run).key("mine"), "1")).isEqualTo("OK");
            assertThat(jedis.get(redis(run).key("mine"))).isEqualTo("1");
        }
    }

    @Override
    protected void assertIsolated(RunSandbox victim, RunSandbox intruder) {
        try (Jedis jedis = redis(intruder).connect()) {
            assertThatThrownBy(() -> jedis.get(redis(victim).key("mine"))).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> jedis.set(redis(victim).key("mine"), "2")).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOPERM");
        }
        // Each run also has a server to itself: what one run's restart loses is only its own.
        assertThat(redis(victim).run().server().port()).isNotEqualTo(redis(intruder).run().server().port());
    }

    /** "host port user prefix". */
    @Override
    protected String identity(RunSandbox run) {
        RunRedis user = redis(run).run();
        return user.server().host() + " " + user.server().port() + " " + user.user() + " " + user.prefix();
    }

    @Override
    protected boolean leftBehind(SandboxBackend<RedisSpec> backend, String identity) {
        String[] parts = identity.split(" ");
        RedisServer server = server(backend, parts[0], Integer.parseInt(parts[1]));
        try (Jedis admin = server.connectAsAdmin(5_000)) {
            return admin.aclUsers().contains(parts[2]) || !admin.keys(parts[3] + "*").isEmpty();
        }
    }

    private static RedisServer server(SandboxBackend<RedisSpec> backend, String host, int port) {
        return ((RedisBackend) backend).servers().stream().filter(s -> s.host().equals(host) && s.port() == port)
                .findFirst().orElseThrow(() -> new AssertionError("no server " + host + ":" + port + " in the pool"));
    }

    @Override
    protected Optional<CompletableFuture<?>> startRunawayWork(RunSandbox run) throws Exception {
        Jedis jedis = redis(run).connect();
        CompletableFuture<?> looping = CompletableFuture.supplyAsync(() -> {
            try (jedis) {
                jedis.eval("while true do end", 0);
                throw new AssertionError("an endless script returned");
            } catch (JedisDataException e) {
                return e;
            }
        });
        RedisServer server = redis(run).run().server();
        eventually(() -> busy(server), "the script running");
        return Optional.of(looping);
    }

    private static boolean busy(RedisServer server) {
        try (Jedis admin = server.connectAsAdmin(2_000)) {
            admin.ping();
            return false;
        } catch (JedisDataException e) {
            return String.valueOf(e.getMessage()).startsWith("BUSY");
        }
    }

    @Override
    protected SandboxSettings reachSameServers(SandboxBackend<RedisSpec> backend) {
        RedisServer redis = ((RedisBackend) backend).servers().getFirst();
        return TestSandboxes.serversWithOwnRedis().withWarmPerLab(0).with("redis.url", "redis://"
                + enc(redis.adminUser()) + ":" + enc(redis.adminPassword()) + "@" + redis.host() + ":" + redis.port());
    }

    /** The dead grader's heartbeat and its claim on the server would expire within 30 s; the test drops them now. */
    @Override
    protected void forgetLiveness(SandboxBackend<RedisSpec> backend, String identity) {
        String[] parts = identity.split(" ");
        try (Jedis admin = server(backend, parts[0], Integer.parseInt(parts[1])).connectAsAdmin(5_000)) {
            admin.del("rl:instance:" + parts[2].split("_")[2], "rl:claim");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_run_user_touches_only_its_own_keys_and_safe_commands(Provider provider) {
        String user;
        String prefix;
        RedisServer server;
        try (RunSandbox run = lease(backend(provider)); Jedis jedis = redis(run).connect()) {
            user = redis(run).run().user();
            prefix = redis(run).prefix();
            server = redis(run).run().server();
            assertThat(jedis.set(redis(run).key("mine"), "1")).isEqualTo("OK");
            for (Runnable forbidden : List.<Runnable>of(
                    () -> jedis.set("unprefixed", "1"),
                    jedis::flushAll, jedis::flushDB,
                    () -> jedis.configGet("*"),
                    () -> jedis.keys("*"),
                    () -> jedis.scan("0"),
                    () -> jedis.select(1),
                    () -> jedis.get("rl:claim"),
                    jedis::scriptKill)) {
                assertThatThrownBy(forbidden::run).isInstanceOf(JedisDataException.class)
                        .hasMessageContaining("NOPERM");
            }
            // Scripts run with their caller's ACL.
            assertThatThrownBy(() -> jedis.eval("return redis.call('SET', 'outside', 1)", 0))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("can't access at least one of the keys");
            assertThatThrownBy(() -> jedis.eval("return redis.call('FLUSHALL')", 0))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("can't run this command");
            assertThat(jedis.eval("return redis.call('INCR', KEYS[1])", List.of(redis(run).key("n")), List.of()))
                    .isEqualTo(1L);
        }
        try (Jedis admin = server.connectAsAdmin(5_000)) {
            assertThat(admin.aclUsers()).doesNotContain(user);
            assertThat(admin.exists(prefix + "mine")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_script_that_wrote_is_stopped_by_restarting_its_own_server_only(Provider provider) throws Exception {
        try (RunSandbox bystander = lease(backend(provider))) {
            use(bystander);
            try (RunSandbox run = lease(backend(provider))) {
                Jedis jedis = redis(run).connect();
                CompletableFuture<Throwable> looping = CompletableFuture.supplyAsync(() -> {
                    try (jedis) {
                        jedis.eval("redis.call('SET', KEYS[1], 1) while true do end", List.of(redis(run).key("k")),
                                List.of());
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                RedisServer server = redis(run).run().server();
                eventually(() -> busy(server), "the script running");
                Instant started = Instant.now();
                RedisBackend.Host host = ((RedisBackend) backend(provider)).host(server);
                assertThat(host.sandbox().interrupt()).isEqualTo(RedisSandbox.Interruption.RESTARTED);
                assertThat(looping.get(30, TimeUnit.SECONDS)).isNotNull();
                assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
            }
            // The other run's server was not restarted: its keys are all there.
            try (Jedis jedis = redis(bystander).connect()) {
                assertThat(jedis.get(redis(bystander).key("mine"))).isEqualTo("1");
            }
        }
        try (RunSandbox next = lease(backend(provider))) {
            use(next);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
