package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.concurrency.Race;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.redis.LabRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/**
 * Checks of the distributed-rate-limiter lab: limiter.lua decides, per request, whether a client stays within
 * {@code limit} requests in any window of {@code window} ms, for many app instances sharing one Redis.
 *
 * <p>Time is simulated: the caller's clock is an argument of the script, so the checks replay minutes of traffic
 * in milliseconds and every outcome is deterministic. Scenarios that only judge decisions use one-minute windows,
 * so that Redis's own expiry (real time) never removes state while a check is still running.
 */
@LabChecks
public class DistributedRateLimiterChecks {

    static final String SCRIPT = "limiter.lua";

    /** 2026-01-01T00:00:00Z, a multiple of every window below: each scenario starts on a window boundary. */
    static final long START = 1_767_225_600_000L;

    static final long MINUTE = 60_000;

    /** The TTL check's window is long enough that listing 10,000 clients' keys cannot hide a TTL twice as long. */
    static final long TTL_WINDOW = 10_000;
    /** What a key's TTL may exceed its window by: room for rounding, e.g. to whole seconds with EXPIRE. */
    static final long TTL_SLACK = 1_000;

    /** The real-time scenario's window: short, so that the scenario takes a second and a half. */
    static final long REAL_WINDOW = 1_000;
    /** How far a real-time request may stray from its schedule, and take to answer, for the run to count. */
    static final Duration REAL_TIME_MARGIN = Duration.ofMillis(50);
    static final int REAL_TIME_RUNS = 3;

    /** The bursts end by the grader's own time limit; this is only a bound past any limit a lab may set. */
    static final Duration UNTIL_THE_CHECK_LIMIT = Duration.ofMinutes(10);

    static final int INSTANCES = 3;
    static final int THREADS_PER_INSTANCE = 16;

    private final AtomicLong requestIds = new AtomicLong();

    @Check(order = 1, points = 3, title = "Allows exactly limit requests in one window and refuses the next",
            hint = "Count what the client was allowed within the window, compare it with the limit (ARGV values "
                    + "are strings until you tonumber them), and answer with the integer 1 or 0: Lua's true "
                    + "reaches the caller as 1, but false arrives as nil.",
            laterHints = "A sliding log: one sorted set per client under KEYS[1], scored by the request's clock. "
                    + "Remove the entries at or before clock - window (ZREMRANGEBYSCORE), count what is left "
                    + "(ZCARD), and only when it is under the limit add this request (ZADD) and answer 1.",
            teaches = "#sliding-log")
    void allows_exactly_the_limit_in_one_window(LabRedis redis) {
        String sha = redis.loadScript(SCRIPT);
        Rule fivePerMinute = new Rule(5, MINUTE);
        Rule threePerTenSeconds = new Rule(3, 10_000);
        String first = redis.key("exact:first");
        String second = redis.key("exact:second");
        try (Jedis connection = redis.connect()) {
            for (int i = 0; i < 5; i++) {
                long clock = START + i * 1_000L;
                expect(true, allows(redis, connection, sha, first, fivePerMinute, clock), "request " + (i + 1)
                        + " of a client limited to " + fivePerMinute + ", sent at " + at(clock)
                        + " (one request per second from +0 ms)");
            }
            expect(false, allows(redis, connection, sha, first, fivePerMinute, START + 5_000),
                    "request 6 of a client limited to " + fivePerMinute + ", sent at +5,000 ms after five allowed "
                            + "from +0 ms to +4,000 ms");
            expect(false, allows(redis, connection, sha, first, fivePerMinute, START + MINUTE - 1),
                    "request 7 of that client, sent at +59,999 ms: its five allowed requests are all within the "
                            + "60,000 ms ending then");
            for (int i = 0; i < 3; i++) {
                long clock = START + 20_000 + i * 1_000L;
                expect(true, allows(redis, connection, sha, second, threePerTenSeconds, clock), "request " + (i + 1)
                        + " of another client, limited to " + threePerTenSeconds + ", sent at " + at(clock)
                        + " (the first client's requests do not count for it)");
            }
            expect(false, allows(redis, connection, sha, second, threePerTenSeconds, START + 23_000),
                    "request 4 of that other client, sent at +23,000 ms after three allowed from +20,000 ms to "
                            + "+22,000 ms");
            // The window's edges, both sides: (t - window, t] is half-open.
            String edge = redis.key("exact:edge");
            Rule twoPerSecond = new Rule(2, 1_000);
            long base = START + 30_000;
            expect(true, allows(redis, connection, sha, edge, twoPerSecond, base), "request 1 of a third client, "
                    + "limited to " + twoPerSecond + ", sent at " + at(base));
            expect(true, allows(redis, connection, sha, edge, twoPerSecond, base + 1), "request 2 of that client, "
                    + "sent at " + at(base + 1));
            expect(true, allows(redis, connection, sha, edge, twoPerSecond, base + 1_000), "request 3 of that "
                    + "client, sent at " + at(base + 1_000) + ": exactly one window after its first, which has just "
                    + "left (" + at(base) + ", " + at(base + 1_000) + "]");
            expect(false, allows(redis, connection, sha, edge, twoPerSecond, base + 1_000), "request 4 of that "
                    + "client, sent at " + at(base + 1_000) + " too: the request at " + at(base + 1)
                    + " is still one millisecond inside the window");
        }
    }

    @Check(order = 2, points = 4, title = "In no interval of one window are more than limit requests allowed",
            hint = "Ask, for every moment: how many requests were allowed in the window that ends right now? A "
                    + "window that starts at fixed boundaries forgets a burst the moment a boundary passes, and "
                    + "an estimate or a refill can let requests in while the burst is still within the last window.",
            laterHints = "Only a log of the allowed requests' times (a sorted set scored by clock) answers \"how "
                    + "many in the window ending now\" exactly; counters per window and refilling buckets can "
                    + "only estimate it.",
            teaches = "#fixed-window-and-its-boundary-burst")
    void never_allows_more_than_the_limit_in_any_window(LabRedis redis) {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(10, MINUTE);
        String client = redis.key("sliding:client");
        List<Long> allowed = new ArrayList<>();
        try (Jedis connection = redis.connect()) {
            // The whole allowance just before a minute boundary, then a request every second for two minutes.
            for (int i = 0; i < rule.limit(); i++) {
                long clock = START + 59_000 + i * 100L;
                if (allows(redis, connection, sha, client, rule, clock)) {
                    allowed.add(clock);
                }
            }
            for (long clock = START + MINUTE; clock <= START + 3 * MINUTE; clock += 1_000) {
                if (allows(redis, connection, sha, client, rule, clock)) {
                    allowed.add(clock);
                }
            }
            Optional<Interval> crowded = mostCrowdedInterval(allowed, rule);
            if (crowded.isPresent()) {
                throw tooMuchAllowed("A client limited to " + rule + " sent " + rule.limit() + " requests from "
                        + at(START + 59_000) + " to " + at(START + 59_900) + ", then one per second until "
                        + at(START + 3 * MINUTE) + ". " + crowded.get().count() + " of them were allowed in "
                        + crowded.get() + ", an interval one window long: " + times(crowded.get().allowed()) + ".",
                        redis, connection, sha);
            }
        }
    }

    @Check(order = 3, points = 4, title = "Three app instances with 16 threads each never exceed the limit together",
            hint = "Redis runs a script alone, so your script is already atomic. What else could make 144 calls "
                    + "in the same millisecond count as fewer? Think about what tells two requests apart in the "
                    + "state you keep.",
            laterHints = "Two requests stamped with the same millisecond are still two requests, but a sorted set "
                    + "holds a member once: a member that is the clock collapses them. Make each request's "
                    + "member its own id (ARGV[4]).",
            teaches = "#why-the-check-and-the-increment-must-be-atomic")
    void three_instances_together_stay_within_the_limit(LabRedis redis) throws InterruptedException {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(50, MINUTE);
        String client = redis.key("concurrent:client");
        int windows = 8;
        int callsPerThread = 3;
        // One connection per thread of each instance; instance i owns connections [16 i, 16 i + 16).
        List<Jedis> connections = new ArrayList<>();
        try {
            for (int c = 0; c < INSTANCES * THREADS_PER_INSTANCE; c++) {
                connections.add(redis.connect());
            }
            List<Long> allowed = new ArrayList<>();
            List<int[]> perInstance = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                // Every burst opens a new window, so this check judges concurrency alone; where a window begins
                // and ends is the previous check's business.
                long clock = START + w * rule.windowMillis();
                Race.Result<Integer> burst = Race.run(connections, connections.size(), (connection, thread, stop) -> {
                    int allowedHere = 0;
                    for (int c = 0; c < callsPerThread; c++) {
                        allowedHere += allows(redis, connection, sha, client, rule, clock) ? 1 : 0;
                    }
                    return allowedHere;
                }, UNTIL_THE_CHECK_LIMIT, connection -> { });
                rethrowFailure(burst);
                int[] counts = new int[INSTANCES];
                for (Race.Outcome<Integer> thread : burst.outcomes()) {
                    counts[thread.index() / THREADS_PER_INSTANCE] += thread.value().orElse(0);
                }
                for (int count : counts) {
                    allowed.addAll(Collections.nCopies(count, clock));
                }
                perInstance.add(counts);
            }
            Optional<Interval> crowded = mostCrowdedInterval(allowed, rule);
            if (crowded.isPresent()) {
                int[] counts = perInstance.get((int) ((crowded.get().to() - START) / rule.windowMillis()));
                throw tooMuchAllowed("Three instances of 16 threads each called the limiter " + callsPerThread
                        + " times per thread for one client limited to " + rule + ", all at " + at(crowded.get().to())
                        + ": instance 1 was allowed " + counts[0] + ", instance 2 " + counts[1] + " and instance 3 "
                        + counts[2] + ", " + crowded.get().count() + " together in the window " + crowded.get()
                        + ".", redis, connections.getFirst(), sha);
            }
        } finally {
            connections.forEach(Jedis::close);
        }
    }

    @Check(order = 4, points = 3, title = "A busy client's state does not grow with time",
            hint = "A key whose TTL is renewed on every call lives as long as its client stays busy, so its TTL "
                    + "never cleans it. What in it still matters once a window has passed, and who removes the "
                    + "rest?",
            laterHints = "ZREMRANGEBYSCORE on KEYS[1] from -inf to clock - window, on every call, removes the "
                    + "entries that can no longer count, whatever the TTL does.",
            teaches = "#keys-ttls-and-memory")
    void a_busy_clients_state_stays_bounded(LabRedis redis) {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(50, MINUTE);
        String client = redis.key("bounded:client");
        long spacing = rule.windowMillis() / rule.limit();
        int early = 2 * rule.limit();
        int late = 40 * rule.limit();
        try (Jedis connection = redis.connect()) {
            Optional<KeySize> afterTwoWindows = Optional.empty();
            for (int n = 0; n < late; n++) {
                allows(redis, connection, sha, client, rule, START + n * spacing);
                if (n + 1 == early) {
                    afterTwoWindows = largestKey(redis, connection, client);
                }
            }
            Optional<KeySize> afterFortyWindows = largestKey(redis, connection, client);
            if (afterTwoWindows.isEmpty() || afterFortyWindows.isEmpty()) {
                throw new CheckFailure("After " + early + " requests of one client, Redis holds no key for it ("
                        + client + " or a key starting with it): a limiter has to remember what a client used.",
                        NOTHING_STORED_HINT);
            }
            KeySize before = afterTwoWindows.get();
            KeySize after = afterFortyWindows.get();
            if (after.bytes() > 2 * before.bytes()) {
                throw new CheckFailure("A client limited to " + rule + " sent one request every "
                        + number(spacing) + " ms, exactly its limit. After 2 windows (" + number(early)
                        + " requests) its largest key, " + before.key() + ", took " + number(before.bytes())
                        + " bytes; after 40 windows (" + number(late) + " requests) its largest key, " + after.key()
                        + ", takes " + number(after.bytes()) + " bytes (MEMORY USAGE). What a client did more than "
                        + "a window ago cannot change any decision: state that grows with its history grows "
                        + "without bound.");
            }
        }
    }

    @Check(order = 5, points = 4, title = "Every key expires within a window, so 10,000 clients leave nothing behind",
            hint = "A client that never comes back must cost nothing once its last request has left the window. "
                    + "Give every key you write an expiry, relative to Redis's own clock (the caller's clock may be "
                    + "far from it), and no longer than the state is needed.",
            teaches = "#keys-ttls-and-memory")
    void every_key_expires_within_a_window(LabRedis redis) throws InterruptedException {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(3, TTL_WINDOW);
        int clients = 10_000;
        int workers = 8;
        String namespace = redis.key("ttl:");
        List<Jedis> connections = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                connections.add(redis.connect());
            }
            rethrowFailure(Race.run(connections, workers, (connection, first, stop) -> {
                for (int c = first; c < clients; c += workers) {
                    String client = namespace + "client-" + (100_000 + c); // equal lengths: no key prefixes another
                    allows(redis, connection, sha, client, rule, START);
                    allows(redis, connection, sha, client, rule, START + rule.windowMillis() / 2);
                }
                return 0;
            }, UNTIL_THE_CHECK_LIMIT, connection -> { }));
        } finally {
            connections.forEach(Jedis::close);
        }
        Map<String, Long> keys = redis.keys();
        List<String> strangers = keys.keySet().stream().filter(k -> k.startsWith(namespace))
                .filter(k -> !ownedByAClient(k.substring(namespace.length()))).sorted().toList();
        if (!strangers.isEmpty()) {
            throw new CheckFailure(number(strangers.size()) + " keys written while " + number(clients)
                    + " clients made their requests belong to no client's KEYS[1], e.g. " + strangers.getFirst()
                    + ". The script may use KEYS[1] and keys named KEYS[1] followed by ':' only.",
                    "A script must declare every key it touches in KEYS: Redis Cluster routes a call by those keys, "
                            + "and a key the script makes up may live on another node. Keep per-client state under "
                            + "the client's key; if you need more keys, name them KEYS[1] .. ':something'.");
        }
        List<Map.Entry<String, Long>> stored = keys.entrySet().stream()
                .filter(k -> k.getKey().startsWith(namespace) && k.getValue() != -2).toList();
        if (stored.isEmpty()) {
            throw new CheckFailure(number(clients) + " clients made two requests each and Redis holds no key "
                    + "for any of them: a limiter has to remember what each client used.", NOTHING_STORED_HINT);
        }
        List<Map.Entry<String, Long>> persistent = stored.stream().filter(k -> k.getValue() < 0).toList();
        if (!persistent.isEmpty()) {
            throw new CheckFailure(number(persistent.size()) + " of the " + number(stored.size())
                    + " keys written for " + number(clients) + " clients have no TTL, e.g. "
                    + persistent.getFirst().getKey() + ": they stay in Redis forever, long after their client has "
                    + "gone.");
        }
        long longest = TTL_WINDOW + TTL_SLACK;
        List<Map.Entry<String, Long>> tooLong = stored.stream().filter(k -> k.getValue() > longest).toList();
        if (!tooLong.isEmpty()) {
            Map.Entry<String, Long> example = tooLong.stream().max(Map.Entry.comparingByValue()).orElseThrow();
            throw new CheckFailure(number(tooLong.size()) + " of the " + number(stored.size())
                    + " keys written for " + number(clients) + " clients limited to " + rule + " live longer than "
                    + "the window allows (at most " + number(longest) + " ms after a request, "
                    + number(TTL_SLACK) + " ms of it slack), e.g. " + example.getKey() + " with a TTL of "
                    + number(example.getValue()) + " ms: they hold memory for clients whose requests can no "
                    + "longer affect any decision.");
        }
    }

    @Check(order = 6, points = 2, title = "Under steady load it allows at least 95% of what the limit permits",
            hint = "A limiter that refuses too much is safe and still broken. Does a refused request use up "
                    + "allowance? Picture a client that keeps asking while over its limit: when does it get its "
                    + "next request through?",
            teaches = "#sliding-log")
    void allows_at_least_95_percent_of_what_the_limit_permits(LabRedis redis) {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(50, MINUTE);
        int windows = 10;
        long atTheLimit = rule.windowMillis() / rule.limit();
        String steady = redis.key("lenient:steady");
        String eager = redis.key("lenient:eager");
        int steadyAllowed = 0;
        int eagerAllowed = 0;
        int steadySent = 0;
        int eagerSent = 0;
        try (Jedis connection = redis.connect()) {
            // Both clients on one simulated clock: one at exactly its limit, one asking twice as often.
            for (long offset = 0; offset < windows * rule.windowMillis(); offset += atTheLimit / 2) {
                if (offset % atTheLimit == 0) {
                    steadySent++;
                    steadyAllowed += allows(redis, connection, sha, steady, rule, START + offset) ? 1 : 0;
                }
                eagerSent++;
                eagerAllowed += allows(redis, connection, sha, eager, rule, START + offset) ? 1 : 0;
            }
        }
        int permitted = windows * rule.limit();
        int required = (int) Math.ceil(0.95 * permitted);
        if (eagerAllowed == eagerSent) {
            throw new CheckFailure("Over " + windows + " windows, a limit of " + rule + " permits " + permitted
                    + " requests per client, and a client sending twice its limit was allowed all " + eagerAllowed
                    + " of its requests. This check scores once the limiter refuses what goes over the limit: "
                    + "allowing at least 95% means something only then.",
                    "A limiter that allows everything keeps this promise trivially. Make it refuse the requests over "
                            + "the limit first (checks 1 and 2), then make sure it does not refuse more than that.");
        }
        List<String> stingy = new ArrayList<>();
        if (steadyAllowed < required) {
            stingy.add("a client sending exactly its limit (one request every " + number(atTheLimit)
                    + " ms) was allowed " + steadyAllowed + " of its " + number(steadySent) + " requests");
        }
        if (eagerAllowed < required) {
            stingy.add("a client sending twice its limit (one request every " + number(atTheLimit / 2)
                    + " ms) was allowed " + eagerAllowed + " of its " + number(eagerSent) + " requests");
        }
        if (!stingy.isEmpty()) {
            throw new CheckFailure("Over " + windows + " windows, a limit of " + rule + " permits " + permitted
                    + " requests per client, and at least " + required + " must be allowed, but " + String.join(
                    "; ", stingy) + ".");
        }
    }

    /**
     * On Redis's real clock, with real waits: the one scenario where time is the lesson, since only real time makes
     * Redis expire keys. Every decision is still judged from the clocks the requests carried, never from how long
     * anything took; a run whose requests strayed from their schedule by more than {@link #REAL_TIME_MARGIN} (a
     * machine too busy to keep time) is run again, so load can delay the verdict but not change it.
     */
    @Check(order = 7, points = 3, title = "On Redis's real clock, a client's window keeps its history as long as it counts",
            hint = "Redis expires keys on its own clock. A key whose TTL was set once, when it was created, expires "
                    + "one window after the first request, taking the later requests with it, although they are still "
                    + "inside the window. When does the newest entry stop mattering, and is the TTL renewed then?",
            laterHints = "PEXPIRE the client's key to one window every time a request is allowed, so that it lives "
                    + "one window past its newest entry, not past its oldest.",
            teaches = "#clock-skew-between-app-instances")
    void keeps_its_window_on_redis_real_clock(LabRedis redis) throws InterruptedException {
        String sha = redis.loadScript(SCRIPT);
        Rule rule = new Rule(2, REAL_WINDOW);
        // A request at +0 and one at +400 ms; at +1,200 ms the first has left the window and the second has not,
        // so +1,200 ms is allowed and +1,300 ms must be refused. A log that lost +400 ms when +0's window ended (its
        // key expired on Redis's clock by +1,050 ms at the latest) allows +1,300 ms: three in (+300 ms, +1,300 ms].
        // With requests within 50 ms of their schedule, a log renewed at +400 ms is alive until +1,400 ms at least.
        long[] schedule = {0, 400, 1_200, 1_300};
        try (Jedis connection = redis.connect()) {
            for (int run = 1; run <= REAL_TIME_RUNS; run++) {
                String client = redis.key("realtime:" + run);
                // Always the same phase against window boundaries (+100 ms past one), so that a limiter that
                // counts per calendar window meets the same boundaries on every run.
                long start = (redisClock(connection) / REAL_WINDOW + 1) * REAL_WINDOW + 100;
                List<Long> allowed = new ArrayList<>();
                List<String> sent = new ArrayList<>();
                boolean faithful = true;
                for (long offset : schedule) {
                    sleepUntil(connection, start + offset);
                    long clock = redisClock(connection);
                    boolean yes = allows(redis, connection, sha, client, rule, clock);
                    long answered = redisClock(connection);
                    if (clock - (start + offset) > REAL_TIME_MARGIN.toMillis()
                            || answered - clock > REAL_TIME_MARGIN.toMillis()) {
                        faithful = false;
                        break;
                    }
                    if (yes) {
                        allowed.add(clock);
                    }
                    sent.add("+" + number(clock - start) + " ms " + (yes ? "allowed" : "refused"));
                }
                if (!faithful) {
                    continue;
                }
                Optional<Interval> crowded = mostCrowdedInterval(allowed, rule);
                if (crowded.isPresent()) {
                    throw tooMuchAllowed("On Redis's real clock, a client limited to " + rule + " sent four "
                            + "requests, each stamped with Redis's time when it was sent: " + String.join(", ", sent)
                            + ". " + crowded.get().count() + " were allowed within one window of "
                            + number(rule.windowMillis()) + " ms, from +" + number(crowded.get().from() - start)
                            + " ms to +" + number(crowded.get().to() - start) + " ms.", redis, connection, sha);
                }
                return;
            }
        }
        throw new SandboxUnavailableException("the machine was too busy to send the real-time requests on schedule ("
                + REAL_TIME_RUNS + " tries, each straying over " + REAL_TIME_MARGIN.toMillis() + " ms)");
    }

    /** Redis's own clock, in milliseconds. */
    private static long redisClock(Jedis connection) {
        List<String> time = connection.time();
        return Long.parseLong(time.get(0)) * 1_000 + Long.parseLong(time.get(1)) / 1_000;
    }

    /** Waits until Redis's clock reads {@code clock}: real time passing is what the scenario is about. */
    private static void sleepUntil(Jedis connection, long clock) throws InterruptedException {
        long left;
        while ((left = clock - redisClock(connection)) > 0) {
            Thread.sleep(Math.min(left, 20));
        }
    }

    /** Whether a key of the TTL scenario (its namespace cut off) is a client's key or a key under it. */
    private static boolean ownedByAClient(String rest) {
        return rest.matches("client-1\\d{5}(:.*)?");
    }

    /** A limit per window, as the script receives it. */
    record Rule(int limit, long windowMillis) {

        List<String> args(long clock, String requestId) {
            return List.of(String.valueOf(limit), String.valueOf(windowMillis), String.valueOf(clock), requestId);
        }

        @Override
        public String toString() {
            return limit + " per " + number(windowMillis) + " ms";
        }
    }

    /** The allowed requests with clocks in {@code (from, to]}. */
    record Interval(long from, long to, List<Long> allowed) {

        int count() {
            return allowed.size();
        }

        @Override
        public String toString() {
            return "(" + at(from) + ", " + at(to) + "]";
        }
    }

    /** A key of the client and what MEMORY USAGE says it takes. */
    record KeySize(String key, long bytes) {
    }

    /** Calls limiter.lua for one request; anything but the integer 1 or 0 breaks the contract. */
    /** The hint for a limiter that keeps no state: there is nothing yet whose size or lifetime could be judged. */
    static final String NOTHING_STORED_HINT = "Your script writes nothing to Redis yet, so there is no state whose "
            + "size or expiry this check could judge. Keep what a client was allowed under KEYS[1] (check 1), then "
            + "come back to how long it lives.";

    /** The hint for a limiter that refuses nothing at all: the starter's, and the first thing to change. */
    static final String REFUSES_NOTHING_HINT = "Your limiter allows every request yet, even one client's second "
            + "request with a limit of 1: it counts nothing. Start with check 1: keep each client's allowed requests "
            + "under KEYS[1] and refuse the one over the limit; this check judges how it keeps count after that.";

    /**
     * Whether the limiter refuses nothing, even a client's second request one millisecond after its first under a
     * limit of 1 (the starter's {@code return 1}); decides which hint fits a failure that allowing too much causes.
     */
    private boolean refusesNothing(LabRedis redis, Jedis connection, String sha) {
        String probe = redis.key("probe:" + requestIds.incrementAndGet());
        Rule onePerMinute = new Rule(1, MINUTE);
        return allows(redis, connection, sha, probe, onePerMinute, START)
                && allows(redis, connection, sha, probe, onePerMinute, START + 1);
    }

    /** A failure that allowing too much caused, with the hint that fits a limiter that refuses nothing at all. */
    private CheckFailure tooMuchAllowed(String message, LabRedis redis, Jedis connection, String sha) {
        return refusesNothing(redis, connection, sha) ? new CheckFailure(message, REFUSES_NOTHING_HINT)
                : new CheckFailure(message);
    }

    private boolean allows(LabRedis redis, Jedis connection, String sha, String client, Rule rule, long clock) {
        String requestId = "r" + Long.toString(requestIds.incrementAndGet(), 36);
        Object reply = redis.evalsha(connection, sha, List.of(client), rule.args(clock, requestId));
        if (reply instanceof Long answer && (answer == 0 || answer == 1)) {
            return answer == 1;
        }
        throw new CheckFailure(SCRIPT + " answered " + describe(reply) + " for a request at " + at(clock)
                + "; the contract is the integer 1 (allowed) or 0 (refused).");
    }

    private static String describe(Object reply) {
        if (reply == null) {
            return "nil (a Lua false or nothing reaches the caller as nil)";
        }
        if (reply instanceof String || reply instanceof byte[]) {
            String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : (String) reply;
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        if (reply instanceof List<?>) {
            return "a table";
        }
        return String.valueOf(reply);
    }

    private static void expect(boolean allowed, boolean answer, String request) {
        if (answer != allowed) {
            throw new CheckFailure("Expected " + request + " to be " + (allowed ? "allowed" : "refused")
                    + ", and it was " + (answer ? "allowed" : "refused") + ".");
        }
    }

    /**
     * The interval (t - window, t] holding the most allowed requests (the earliest of equals), if it holds more than
     * the limit. Requests are allowed only at the clocks listed, so the intervals ending at those clocks are the
     * only ones that can hold the most.
     */
    static Optional<Interval> mostCrowdedInterval(List<Long> allowedClocks, Rule rule) {
        List<Long> sorted = allowedClocks.stream().sorted().toList();
        int bestFrom = 0;
        int bestTo = -1;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            long end = sorted.get(to);
            if (to + 1 < sorted.size() && sorted.get(to + 1) == end) {
                continue; // the interval ending at this clock includes every request at this clock
            }
            while (sorted.get(from) <= end - rule.windowMillis()) {
                from++;
            }
            if (to - from > bestTo - bestFrom) {
                bestFrom = from;
                bestTo = to;
            }
        }
        if (bestTo - bestFrom + 1 <= rule.limit()) {
            return Optional.empty();
        }
        long end = sorted.get(bestTo);
        return Optional.of(new Interval(end - rule.windowMillis(), end, sorted.subList(bestFrom, bestTo + 1)));
    }

    /** The client's largest key: {@code client} itself or a key derived from it, with MEMORY USAGE in bytes. */
    private static Optional<KeySize> largestKey(LabRedis redis, Jedis connection, String client) {
        return redis.keys().entrySet().stream()
                .filter(k -> k.getKey().startsWith(client) && k.getValue() != -2)
                .map(k -> new KeySize(k.getKey(), Optional.ofNullable(connection.memoryUsage(k.getKey(), 0))
                        .orElse(0L)))
                .max(Comparator.comparingLong(KeySize::bytes));
    }




    /** What a thread of a burst threw (a failed expectation, a timeout), rethrown as is. */
    private static void rethrowFailure(Race.Result<?> result) {
        for (Race.Outcome<?> outcome : result.outcomes()) {
            if (outcome.failure().isPresent()) {
                Throwable t = outcome.failure().get();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        }
    }

    /** A clock relative to the start of the scenarios, e.g. "+59,000 ms". */
    static String at(long clock) {
        return (clock >= START ? "+" : "") + number(clock - START) + " ms";
    }

    /** 12,345: the same in every locale the grader may run in. */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String times(List<Long> clocks) {
        List<String> shown = clocks.stream().limit(25).map(DistributedRateLimiterChecks::at).toList();
        return String.join(", ", shown) + (clocks.size() > shown.size() ? ", …" : "");
    }
}
