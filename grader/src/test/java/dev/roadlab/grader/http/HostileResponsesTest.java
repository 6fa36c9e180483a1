package dev.roadlab.grader.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Responses a learner's server can send on purpose or by accident: the library answers, quickly, never crashes. */
class HostileResponsesTest {

    private static final String SPACES = " ".repeat(60_000);

    @Test
    @Timeout(20)
    void huge_and_garbled_headers_and_bodies_are_judged_in_time() {
        String nested = "<div>".repeat(50_000);
        HttpExchange hostile = HttpExchange.of("GET https://shop.test/", 200, "Content-Type: text/html",
                "Strict-Transport-Security: max-age=" + SPACES + "x",
                "Content-Security-Policy: default-src" + " 'self'".repeat(20_000) + ";" + SPACES + ";;;,,,",
                "Content-Security-Policy: script-src \u00e9\u0000",
                "Set-Cookie: a=" + "b".repeat(10_000) + "; Expires=" + SPACES + "1 1 1",
                "Set-Cookie: ;;;;====;;;", "Permissions-Policy: " + "(".repeat(10_000),
                "Cross-Origin-Opener-Policy: \"" + "\\".repeat(5_000), "Cache-Control: \"" + SPACES,
                "Referrer-Policy: " + ",".repeat(50_000), "X-Frame-Options: " + SPACES)
                .withBody(nested + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + "x".repeat(100_000)
                        + "\"><form method=post>" + "<input name=a>".repeat(10_000));
        long start = System.nanoTime();
        assertThatCode(() -> {
            PassiveScan.of(List.of(hostile), PassiveScan.Threshold.LOW);
            Observatory.score(hostile);
            hostile.csp().problems();
            hostile.cookies();
            hostile.permissionsPolicy();
            hostile.hsts();
        }).doesNotThrowAnyException();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void assertions_on_garbage_fail_as_check_failures_not_crashes() {
        HttpExchange garbage = HttpExchange.of("GET /", 200, "Content-Security-Policy: ;;;", "Set-Cookie: =",
                "Strict-Transport-Security: ;", "Permissions-Policy: ???");
        for (Runnable check : List.<Runnable>of(
                () -> HttpAssert.that(garbage).csp().isEnforced(),
                () -> HttpAssert.that(garbage).hsts().isValid(),
                () -> HttpAssert.that(garbage).hasPermissionsPolicy(),
                () -> HttpAssert.that(garbage).cookie("a"))) {
            try {
                check.run();
            } catch (dev.roadlab.grader.check.CheckFailure expected) {
                assertThat(expected.getMessage()).startsWith("GET / (200) ");
            }
        }
    }
}
