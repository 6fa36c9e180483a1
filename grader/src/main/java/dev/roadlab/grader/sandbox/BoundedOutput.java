package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a sandbox process prints, read as it comes and kept to its last few kilobytes: what a run makes it print
 * (a script calling redis.log in a loop) never reaches the host's disk, and the tail is still there for messages.
 */
public final class BoundedOutput {

    private static final int KEEP = 64 * 1024;

    private final byte[] ring = new byte[KEEP];
    private long written;

    private BoundedOutput() {
    }

    /** Reads {@code process}'s output (with its errors redirected into it) until it ends. */
    public static BoundedOutput of(Process process) {
        BoundedOutput output = new BoundedOutput();
        Thread.ofVirtual().name("sandbox-output-" + process.pid()).start(() -> output.read(process.getInputStream()));
        return output;
    }

    private void read(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        ring[(int) (written++ % KEEP)] = buffer[i];
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The last output, at most 64 KB of it. */
    public synchronized String tail() {
        int size = (int) Math.min(written, KEEP);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % KEEP)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
