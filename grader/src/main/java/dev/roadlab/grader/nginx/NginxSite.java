package dev.roadlab.grader.nginx;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one run serves with nginx: files by relative path (the lab's harness and the learner's files side by
 * side) and which of them is the main configuration. Configurations listen on {@link #PORT}; a launcher that runs
 * nginx beside others rewrites those listen directives to a port of its own.
 *
 * @param files       relative path to content
 * @param mainConfig  relative path of the main configuration ("nginx.conf")
 */
public record NginxSite(SortedMap<String, byte[]> files, String mainConfig) {

    /** The port site configurations listen on (as inside its own container). */
    public static final int PORT = 8080;
    private static final Pattern LISTEN = Pattern.compile("(\\blisten\\s+)(?:(?:[0-9.]+|\\[[0-9a-fA-F:]*\\]|localhost):)?"
            + PORT + "\\b");

    public NginxSite {
        files = new TreeMap<>(files);
        if (!files.containsKey(mainConfig)) {
            throw new IllegalArgumentException("no main configuration " + mainConfig);
        }
    }

    public static NginxSite of(Map<String, byte[]> files, String mainConfig) {
        return new NginxSite(new TreeMap<>(files), mainConfig);
    }

    /** The text of a config file with every {@code listen 8080} bound to {@code 127.0.0.1:port} instead. */
    static String relisten(String config, int port) {
        return LISTEN.matcher(config).replaceAll("$1127.0.0.1:" + port);
    }
}
