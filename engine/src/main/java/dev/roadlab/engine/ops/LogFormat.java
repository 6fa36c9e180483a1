package dev.roadlab.engine.ops;

import dev.roadlab.engine.config.InvalidConfigException;
import java.util.Map;
import java.util.Set;

/**
 * ROADLAB_LOG_FORMAT, which logback.xml reads to pick its appender: {@code text} (the default) or {@code json}.
 * Logback cannot refuse another value (it would log nothing), so the long-running commands check it at start.
 */
public final class LogFormat {

    public static final String ENV = "ROADLAB_LOG_FORMAT";
    private static final Set<String> KNOWN = Set.of("text", "json");

    private LogFormat() {
    }

    /** Refuses a ROADLAB_LOG_FORMAT that is set to anything but {@code text} or {@code json}. */
    public static void check(Map<String, String> env) {
        String format = env.get(ENV);
        if (format != null && !KNOWN.contains(format)) {
            throw new InvalidConfigException(ENV + " must be text or json (lower case), not '" + format + "'");
        }
    }
}
