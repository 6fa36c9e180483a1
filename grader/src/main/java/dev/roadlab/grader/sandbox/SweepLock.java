package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep of a kind's leftovers at a time on this machine, across graders' processes. Two graders opening the
 * same kind at once would otherwise both find a dead grader's process or container: the one that lost the race to
 * remove it would return while the other was still removing it, and could hand out a run beside what it believed
 * gone. With the lock, the second sweep starts when the first has finished and finds nothing left.
 *
 * <p>The lock is an operating-system file lock in the temp folder, released by the kernel when its holder dies, so
 * a grader that crashed while sweeping blocks no one.
 */
final class SweepLock {

    private static final Logger LOG = LoggerFactory.getLogger(SweepLock.class);
    /** A JVM holds a file lock once: threads of one process queue on this first. */
    private static final ConcurrentMap<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private SweepLock() {
    }

    /** Runs a sweep under the machine-wide lock named {@code name}; without the lock (no temp folder), runs it anyway. */
    static int exclusively(String name, IntSupplier sweep) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(name, n -> new ReentrantLock());
        local.lock();
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "roadlab-sweep-" + name + ".lock");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return sweep.getAsInt();
            } catch (IOException e) {
                LOG.warn("cannot take the sweep lock {}: {}; sweeping without it", file, e.getMessage());
                return sweep.getAsInt();
            }
        } finally {
            local.unlock();
        }
    }
}
