package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders of sandbox processes the servers provider runs itself (nginx, redis-server), each marked with its
 * {@link Owner}, so that processes a dead grader left running are found and stopped by the next one, and by the
 * graders still running: a kind's folders are swept again every {@link #SWEEP_PERIOD} once a grader has used it.
 */
public final class LocalProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcesses.class);
    static final String OWNER_FILE = "roadlab-owner";
    static final String PID_FILE = "roadlab-process.pid";
    /** How often the folders of a kind in use are swept for dead graders' processes (issue 15). */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(15);
    /** One thread for every kind's periodic sweep: a sweep never runs beside another of this process's. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("local-process-sweep").factory());
    private static final ConcurrentMap<String, ScheduledFuture<?>> PERIODIC = new ConcurrentHashMap<>();

    private LocalProcesses() {
    }

    /** A new folder for one process, named {@code prefix...} under the temp folder and marked as this process's. */
    public static Path folder(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(dir.resolve(OWNER_FILE), Owner.self().text(), StandardCharsets.US_ASCII);
            return dir;
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot prepare a folder for a sandbox process: " + e.getMessage(), e);
        }
    }

    /** Records the process that serves a folder, for the sweep. */
    public static void started(Path folder, Process process) {
        try {
            Files.writeString(folder.resolve(PID_FILE), String.valueOf(process.pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot record the pid of {}: {}", folder, e.getMessage());
        }
    }

    /**
     * Stops the processes of folders named {@code prefix...} whose owner died, and removes the folders. A process is
     * only stopped when its command line names its folder, so a pid reused by another program is left alone.
     */
    public static int sweep(String prefix) {
        return SweepLock.exclusively(prefix, () -> sweepNow(prefix));
    }

    /**
     * Sweeps the folders named {@code prefix...} now, as {@link #sweep} does, and again every {@link #SWEEP_PERIOD}
     * for the life of this process (once per prefix however often it is called), so a grader killed while this one
     * runs has its processes stopped without waiting for a restart.
     */
    public static int sweepNowAndPeriodically(String prefix) {
        return sweepNowAndPeriodically(prefix, SWEEP_PERIOD);
    }

    static int sweepNowAndPeriodically(String prefix, Duration period) {
        int swept = sweep(prefix);
        PERIODIC.computeIfAbsent(prefix, p -> SWEEPER.scheduleWithFixedDelay(() -> {
            try {
                sweep(p);
            } catch (RuntimeException e) { // escaping, it would cancel every later sweep
                LOG.warn("sweeping {} folders of dead graders failed (trying again later): {}", p, e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
        return swept;
    }

    private static int sweepNow(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        int swept = 0;
        try (Stream<Path> children = Files.list(tmp)) {
            for (Path dir : children.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Optional<Owner> owner = read(dir.resolve(OWNER_FILE)).flatMap(Owner::parse);
                if (owner.isEmpty() || !owner.get().isDeadHere()) {
                    continue;
                }
                try {
                    read(dir.resolve(PID_FILE)).map(String::strip).map(Long::parseLong).flatMap(ProcessHandle::of)
                            .filter(p -> commandLine(p).contains(dir.toString()))
                            .ifPresent(LocalProcesses::kill);
                    delete(dir);
                    swept++;
                    LOG.info("swept {} of dead grader {}", dir, owner.get().text());
                } catch (RuntimeException e) {
                    // One folder that cannot be swept (a pid file half written, a file we may not delete) does
                    // not keep the others.
                    LOG.warn("sweeping {} failed: {}", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("sweeping {} folders of dead graders failed: {}", prefix, e.getMessage());
        }
        swept += sweepStrays(tmp.resolve(prefix).toString());
        if (swept > 0) {
            LOG.info("stopped the sandbox processes of {} dead graders' {} folders", swept, prefix);
        }
        return swept;
    }

    /**
     * Stops processes that still work in a folder that was removed: what outlived the run that started it (an nginx
     * worker whose master was killed, say), found by its working directory, where every sandbox process is started.
     */
    private static int sweepStrays(String folderPrefix) {
        int stopped = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String cwd;
                try {
                    cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                } catch (IOException | RuntimeException e) {
                    continue; // gone, or not ours to read
                }
                if (cwd.startsWith(folderPrefix) && cwd.endsWith(" (deleted)")) {
                    Optional<ProcessHandle> stray = ProcessHandle.of(Long.parseLong(proc.getFileName().toString()));
                    if (stray.isPresent()) {
                        LOG.warn("stopping process {} left working in the removed {}", stray.get().pid(), cwd);
                        kill(stray.get());
                        stopped++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no process list to sweep: {}", e.getMessage());
        }
        return stopped;
    }

    /**
     * The process's command line as the kernel shows it now: nginx rewrites its own (the process title), which
     * {@link ProcessHandle.Info#arguments()} then no longer parses.
     */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /**
     * Kills a process and its children, and waits until they are gone (their ports are free then). The parent goes
     * first: an nginx master that saw its workers die would start new ones, which would outlive it, reparented,
     * still serving the run's site on its port.
     */
    public static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new java.util.ArrayList<>();
        all.add(process);
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle p : all) {
            try {
                if (!gone(p, deadline)) {
                    LOG.warn("process {} did not end after SIGKILL", p.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How long a killed process may take to be gone. */
    private static final java.time.Duration KILL_WAIT = java.time.Duration.ofSeconds(10);

    /**
     * Waits until a killed process is gone: this JVM's own child until it is reaped (the JDK does that at once), any
     * other process until it has ended or is a zombie. A grandchild (nginx's workers, chromium's helpers) is
     * reparented to PID 1 when its parent dies and stays a zombie until PID 1 reaps it, which is no business of ours
     * and slow on some machines (here about 1.5 s; never, where the JVM is PID 1 in a container). A zombie holds no
     * port, file or memory any more, so it counts as gone. Java's own {@code onExit()} waits for the reaping.
     */
    private static boolean gone(ProcessHandle p, long deadline) throws InterruptedException {
        if (p.parent().map(ProcessHandle::pid).orElse(-1L) == ProcessHandle.current().pid()) {
            // This JVM's own child: the JDK reaps it at once (waitpid), and callers then see it ended.
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return !p.isAlive();
            }
        }
        long pause = 1;
        while (p.isAlive() && !zombie(p.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 20);
        }
        return true;
    }

    /** Whether the kernel shows the process as a zombie (or dead): its state in /proc/PID/stat is Z or X. */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or already gone: isAlive() decides
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes a folder and everything in it. */
    public static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
