package dev.roadlab.labs;

import static dev.roadlab.labs.DistributedRateLimiterChecks.START;
import static dev.roadlab.labs.DistributedRateLimiterChecks.at;
import static dev.roadlab.labs.DistributedRateLimiterChecks.mostCrowdedInterval;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.labs.DistributedRateLimiterChecks.Interval;
import dev.roadlab.labs.DistributedRateLimiterChecks.Rule;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** How the limiter lab counts allowed requests per window: the half-open interval its README promises. */
class DistributedRateLimiterChecksTest {

    private final Rule twoPerSecond = new Rule(2, 1_000);

    @Test
    void a_request_exactly_one_window_earlier_has_left_the_window() {
        assertThat(mostCrowdedInterval(clocks(0, 1, 1_001, 1_002), twoPerSecond)).isEmpty();
    }

    @Test
    void a_request_one_millisecond_inside_the_window_still_counts() {
        Interval crowded = mostCrowdedInterval(clocks(0, 1, 999), twoPerSecond).orElseThrow();
        assertThat(crowded.count()).isEqualTo(3);
        assertThat(crowded.from()).isEqualTo(START - 1);
        assertThat(crowded.to()).isEqualTo(START + 999);
    }

    @Test
    void requests_in_the_same_millisecond_all_count() {
        List<Long> sameMillisecond = Collections.nCopies(3, START + 500);
        assertThat(mostCrowdedInterval(sameMillisecond, twoPerSecond)).get().extracting(Interval::count).isEqualTo(3);
    }

    @Test
    void the_most_crowded_interval_is_reported_not_the_first_overfull_one() {
        // A fixed window's boundary burst: 3 just before +1,000 ms, 3 just after, with a limit of 3 per second.
        Rule threePerSecond = new Rule(3, 1_000);
        Interval crowded = mostCrowdedInterval(clocks(990, 995, 999, 1_000, 1_005, 1_010), threePerSecond)
                .orElseThrow();
        assertThat(crowded.count()).isEqualTo(6);
        assertThat(crowded.toString()).isEqualTo("(+10 ms, +1,010 ms]");
    }

    @Test
    void clocks_are_shown_relative_to_the_start_of_the_scenarios() {
        assertThat(at(START + 59_000)).isEqualTo("+59,000 ms");
        assertThat(at(START - 60_000)).isEqualTo("-60,000 ms");
    }

    private static List<Long> clocks(long... offsets) {
        return LongStream.of(offsets).map(o -> START + o).boxed().toList();
    }
}
