package dev.roadlab.engine.ops;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id a request carries through Roadlab's logs: the caller's {@code X-Request-Id} when it is a well-formed one
 * (a proxy or load balancer set it), else a new one; echoed in the response so a user can quote it.
 */
public final class RequestIds {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";
    /** The MDC key every log line of the request carries. */
    public static final String MDC_KEY = "request_id";
    /** The MDC key a grading's log lines carry (set by the workers around one job). */
    public static final String SUBMISSION_MDC_KEY = "submission_id";

    // Letters, digits and the separators ids use (UUIDs, W3C trace ids, ELB's "Root=1-..."): nothing a log line or
    // a header could be broken with, and short.
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:=+-]{0,127}");

    private RequestIds() {
    }

    /** The caller's id if it is well-formed, else a new random one. */
    public static String of(String given) {
        if (given != null && WELL_FORMED.matcher(given).matches()) {
            return given;
        }
        return fresh();
    }

    /**
     * A new id: 128 random bits as a UUID, from a thread-local generator. An id names a request in the logs; it is
     * no secret, so it does not need (and does not queue on) the shared SecureRandom of UUID.randomUUID().
     */
    static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
