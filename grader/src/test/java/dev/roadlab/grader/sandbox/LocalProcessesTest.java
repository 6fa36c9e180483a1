package dev.roadlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sweep of processes dead graders left running, as graders opening a kind at the same time run it. */
class LocalProcessesTest {

    private static final String PREFIX = "roadlab-sweeptest";

    @Test
    void every_sweep_returns_with_the_dead_graders_process_gone_however_many_run_at_once() throws Exception {
        long deadPid = deadProcess();
        ExecutorService sweepers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                Path dir = LocalProcesses.folder(PREFIX);
                Files.writeString(dir.resolve(LocalProcesses.OWNER_FILE),
                        new Owner(Owner.self().machine(), deadPid).text(), StandardCharsets.US_ASCII);
                // A long-running process whose command line names its folder, as a sandbox process's does.
                Process orphan = new ProcessBuilder("tail", "-f", dir.resolve(LocalProcesses.OWNER_FILE).toString())
                        .start();
                LocalProcesses.started(dir, orphan);
                List<Callable<Boolean>> sweeps = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    sweeps.add(() -> {
                        LocalProcesses.sweep(PREFIX);
                        return orphan.isAlive();
                    });
                }
                for (Future<Boolean> aliveAfterSweep : sweepers.invokeAll(sweeps)) {
                    assertThat(aliveAfterSweep.get()).as("the orphan, when a sweep returned").isFalse();
                }
                assertThat(dir).doesNotExist();
            }
        } finally {
            sweepers.shutdownNow();
        }
    }

    @Test
    void a_live_graders_folder_and_process_are_left_alone() throws Exception {
        Path dir = LocalProcesses.folder(PREFIX);
        Process mine = new ProcessBuilder("tail", "-f", dir.resolve(LocalProcesses.OWNER_FILE).toString()).start();
        try {
            LocalProcesses.started(dir, mine);
            LocalProcesses.sweep(PREFIX);
            assertThat(mine.isAlive()).isTrue();
            assertThat(dir).isDirectory();
        } finally {
            mine.destroyForcibly().waitFor();
            LocalProcesses.delete(dir);
        }
    }

    @Test
    void a_process_left_working_in_a_removed_run_folder_is_stopped() throws Exception {
        Path dir = LocalProcesses.folder(PREFIX);
        // As an nginx worker whose master was killed: started in the run's folder, outliving the folder.
        Process stray = new ProcessBuilder("tail", "-f", "/dev/null").directory(dir.toFile()).start();
        try {
            LocalProcesses.delete(dir);
            LocalProcesses.sweep(PREFIX);
            assertThat(stray.waitFor(10, TimeUnit.SECONDS)).as("the stray process ended").isTrue();
        } finally {
            stray.destroyForcibly();
        }
    }

    @Test
    void while_a_grader_runs_a_grader_killed_later_has_its_process_stopped_by_the_periodic_sweep() throws Exception {
        String prefix = "roadlab-periodictest";
        LocalProcesses.sweepNowAndPeriodically(prefix, Duration.ofMillis(200)); // a kind this grader opened
        Path live = LocalProcesses.folder(prefix);
        Process mine = new ProcessBuilder("tail", "-f", live.resolve(LocalProcesses.OWNER_FILE).toString()).start();
        LocalProcesses.started(live, mine);
        // Then another grader, which started a process, is killed.
        Path dir = LocalProcesses.folder(prefix);
        Files.writeString(dir.resolve(LocalProcesses.OWNER_FILE), new Owner(Owner.self().machine(), deadProcess()).text(),
                StandardCharsets.US_ASCII);
        Process orphan = new ProcessBuilder("tail", "-f", dir.resolve(LocalProcesses.OWNER_FILE).toString()).start();
        try {
            LocalProcesses.started(dir, orphan);
            assertThat(orphan.waitFor(20, TimeUnit.SECONDS)).as("the dead grader's process stopped").isTrue();
            Instant deadline = Instant.now().plusSeconds(20);
            while (Files.exists(dir)) {
                assertThat(Instant.now()).as("the dead grader's folder removed").isBefore(deadline);
                Thread.sleep(50);
            }
            assertThat(mine.isAlive()).as("the live grader's process").isTrue();
            assertThat(live).isDirectory();
        } finally {
            orphan.destroyForcibly().waitFor();
            mine.destroyForcibly().waitFor();
            LocalProcesses.delete(live);
        }
    }

    /** The pid of a process that has ended: a grader that died. */
    private static long deadProcess() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return gone.pid();
    }

    /**
     * A killed tree is gone when kill returns: the parent and its grandchildren (reparented when it dies, zombies
     * until PID 1 reaps them) hold nothing any more, and a process that was never killed is no zombie.
     */
    @Test
    void a_killed_tree_is_gone_when_kill_returns_its_reparented_grandchildren_as_zombies_at_most() throws Exception {
        Process parent = new ProcessBuilder("bash", "-c", "sleep 300 & sleep 300 & wait").start();
        List<ProcessHandle> tree = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (parent.toHandle().descendants().count() < 2 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        tree.add(parent.toHandle());
        tree.addAll(parent.toHandle().descendants().toList());
        assertThat(tree).hasSize(3);
        assertThat(LocalProcesses.zombie(parent.pid())).isFalse();

        LocalProcesses.kill(parent.toHandle());

        assertThat(parent.isAlive()).isFalse();
        for (ProcessHandle p : tree) {
            assertThat(!p.isAlive() || LocalProcesses.zombie(p.pid())).as("process %d after kill", p.pid()).isTrue();
        }
    }
}
