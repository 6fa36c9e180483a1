package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pages come out as the UTF-8 of what was written, whatever its size and script, and the next one is sized by it. */
class PageBufferTest {

    @Test
    void textAndBytesComeOutAsUtf8InOrder() throws Exception {
        PageBuffer out = new PageBuffer("test-order.jte");
        out.writeContent("<p>ASCII, ");
        out.writeContent("then naïve café, 日本語 and 😀 (a surrogate pair)");
        out.writeBinaryContent(", bytes as they are".getBytes(StandardCharsets.UTF_8));
        out.writeContent("xx<b>part</b>yy", 2, 13);
        String expected = "<p>ASCII, then naïve café, 日本語 and 😀 (a surrogate pair), bytes as they are<b>part</b>";
        assertThat(new String(out.page().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(out.length()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aPageLargerThanItsFirstArrayGrowsAndTheNextStartsLargeEnough() throws Exception {
        String line = "<li>" + "x".repeat(95) + "</li>\n"; // 105 bytes
        PageBuffer first = new PageBuffer("test-growth.jte");
        for (int i = 0; i < 1000; i++) {
            first.writeContent(line);
        }
        byte[] page = first.page().readAllBytes();
        assertThat(page).hasSize(105_000);
        assertThat(new String(page, StandardCharsets.US_ASCII)).isEqualTo(line.repeat(1000));

        PageBuffer next = new PageBuffer("test-growth.jte");
        next.writeContent("small");
        assertThat(new String(next.page().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("small");
    }
}
