package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who started a sandbox process or container: this grader process, on this boot of this machine. What a grader
 * that died (kill -9, a crash) left running is found by its owner: same machine and boot, process gone.
 *
 * @param machine  the machine's boot id (a reboot is another machine: nothing of the old boot runs)
 * @param pid      the grader's process id
 */
public record Owner(String machine, long pid) {

    /** This process. */
    public static Owner self() {
        return new Owner(thisMachine(), ProcessHandle.current().pid());
    }

    /** "machine:pid", as written in labels and files. */
    public String text() {
        return machine + ":" + pid;
    }

    public static Optional<Owner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(text.substring(0, colon).strip(), Long.parseLong(text.substring(colon + 1).strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this owner certainly died: same machine and boot as us, and its process is gone. */
    public boolean isDeadHere() {
        return machine.equals(thisMachine()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String thisMachine() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown";
            }
        }
    }
}
