package dev.roadlab.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A caller's well-formed id is kept; anything else gets a new random version-4 UUID, never the same twice. */
class RequestIdsTest {

    @Test
    void wellFormedIdsAreKeptOthersReplaced() {
        assertThat(RequestIds.of("Root=1-67891233-abcdef012345678912345678")).isEqualTo("Root=1-67891233-abcdef012345678912345678");
        assertThat(RequestIds.of("bad id\r\nX-Injected: 1")).doesNotContain("\n").hasSize(36);
        assertThat(RequestIds.of(null)).hasSize(36);
    }

    @Test
    void newIdsAreVersion4UuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.of(null);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
