package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of Redis servers, each leased to one run at a time: containers or local processes started as runs need
 * them (up to a maximum), or the servers an administrator lists. A run whose script must be stopped by restarting
 * its server takes nothing of another run's with it.
 */
public final class RedisBackend implements SandboxBackend<RedisSpec> {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);
    /** How long a run waits for a free server before it is our fault. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(60);

    /** One server of the pool and the sandbox that isolates runs on it. */
    record Host(RedisServerSource source, RedisSandbox sandbox) {
    }

    private final String description;
    private final int max;
    private final Supplier<RedisServerSource> factory;
    private final Deque<RedisServerSource> unopened;
    private final LinkedBlockingDeque<Host> idle = new LinkedBlockingDeque<>();
    private final List<Host> all = new ArrayList<>();
    private volatile boolean closed;

    /** Servers started on demand, up to {@code max}. */
    RedisBackend(String description, int max, Supplier<RedisServerSource> factory) {
        this.description = description;
        this.max = max;
        this.factory = factory;
        this.unopened = new ArrayDeque<>();
    }

    /** The servers given, opened on demand. */
    RedisBackend(String description, List<RedisServerSource> servers) {
        this.description = description;
        this.max = servers.size();
        this.factory = null;
        this.unopened = new ArrayDeque<>(servers);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public RunSandbox lease(RunRequest<RedisSpec> request) {
        Host host = acquire();
        try {
            RunRedis user = host.sandbox().lease();
            return new RedisRun(this, host, user, new LabRedis(user, request.submission(), request.interrupted()));
        } catch (RuntimeException e) {
            giveBack(host);
            throw e;
        }
    }

    /** A server no other run holds, claimed for this one. */
    private Host acquire() {
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        while (true) {
            if (closed) {
                throw new SandboxUnavailableException("the grader is shutting down");
            }
            Host host = idle.pollFirst();
            if (host == null) {
                host = openAnother();
            }
            if (host != null) {
                if (usable(host) && host.sandbox().tryClaim()) {
                    return host;
                }
                idle.addLast(host); // held by a run of another grader process, or down: try the others first
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SandboxUnavailableException("all " + max + " Redis sandboxes (" + description
                        + ") stayed busy for " + LEASE_WAIT.toSeconds() + " s");
            }
            try {
                Host freed = idle.pollFirst(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (freed != null) {
                    idle.addFirst(freed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted while waiting for a Redis sandbox");
            }
        }
    }

    /** A host that answers, restarted if it stopped; false when it cannot be brought back now. */
    private boolean usable(Host host) {
        if (host.sandbox().alive()) {
            return true;
        }
        try {
            host.sandbox().restart(host.sandbox().server());
            return host.sandbox().alive();
        } catch (RuntimeException e) {
            LOG.warn("{} is down and did not come back: {}", host.sandbox().server().description(), e.getMessage());
            return false;
        }
    }

    private Host openAnother() {
        RedisServerSource source;
        synchronized (all) {
            if (!unopened.isEmpty()) {
                source = unopened.pollFirst();
            } else if (factory != null && all.size() < max) {
                source = factory.get();
            } else {
                return null;
            }
        }
        try {
            RedisSandbox sandbox = RedisSandbox.open(source.start(), source::restart);
            Host host = new Host(source, sandbox);
            synchronized (all) {
                all.add(host);
            }
            return host;
        } catch (RuntimeException e) {
            source.stop();
            if (factory == null) {
                synchronized (all) {
                    unopened.addLast(source); // an administrator's server may answer later
                }
            }
            throw e;
        }
    }

    /** The run is over: its keys and user go, and the server is free for the next run. */
    void release(Host host, RunRedis user) {
        host.sandbox().release(user);
        giveBack(host);
    }

    private void giveBack(Host host) {
        host.sandbox().unclaim();
        if (closed) {
            return;
        }
        idle.addFirst(host);
    }

    /** The servers opened so far, where each is now (for the grader's own tests). */
    List<RedisServer> servers() {
        synchronized (all) {
            return all.stream().map(h -> h.sandbox().server()).toList();
        }
    }

    /** The host serving {@code server} (for the grader's own tests). */
    Host host(RedisServer server) {
        synchronized (all) {
            return all.stream().filter(h -> h.sandbox().server().equals(server)).findFirst().orElseThrow();
        }
    }

    @Override
    public boolean alive() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        List<Host> hosts;
        synchronized (all) {
            hosts = List.copyOf(all);
            all.clear();
        }
        for (Host host : hosts) {
            host.sandbox().close();
            host.source().stop();
        }
        idle.clear();
    }
}
