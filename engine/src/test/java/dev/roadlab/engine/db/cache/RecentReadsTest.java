package dev.roadlab.engine.db.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Recent reads are served again only while nothing was written, and never an answer that a write overlapped. */
class RecentReadsTest {

    private final AtomicLong nanos = new AtomicLong(1);
    private final RecentReads reads = new RecentReads(true, nanos::get);

    @Test
    void anAnswerIsServedAgainUntilAWrite() {
        AtomicInteger asked = new AtomicInteger();
        RecentReads.Answers<String, Integer> answers = reads.answers(10);
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(1);
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(1);
        reads.written();
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(2);
        assertThat(asked).hasValue(2);
    }

    @Test
    void anAnswerAWriteOverlappedIsNotKept() {
        RecentReads.Answers<String, Integer> answers = reads.answers(10);
        AtomicInteger asked = new AtomicInteger();
        answers.get("a", k -> {
            reads.written(); // e.g. a grading commits while the page reads
            return asked.incrementAndGet();
        });
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(2);
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(2);
    }

    @Test
    void anAnswerIsReadAgainAfterASecondOrWhenNoLongerFresh() {
        RecentReads.Answers<String, Integer> answers = reads.answers(10);
        AtomicInteger asked = new AtomicInteger();
        answers.get("a", k -> asked.incrementAndGet());
        nanos.addAndGet(RecentReads.MAX_AGE_NANOS);
        assertThat(answers.get("a", k -> asked.incrementAndGet())).isEqualTo(2);
        assertThat(answers.get("a", k -> asked.incrementAndGet(), v -> false)).isEqualTo(3);
    }

    @Test
    void aFullMapForgetsAndNoneKeepsNothing() {
        RecentReads.Answers<Integer, Integer> answers = reads.answers(2);
        AtomicInteger asked = new AtomicInteger();
        answers.get(1, k -> asked.incrementAndGet());
        answers.get(2, k -> asked.incrementAndGet());
        answers.get(3, k -> asked.incrementAndGet()); // full: 1 and 2 forgotten
        answers.get(1, k -> asked.incrementAndGet());
        assertThat(asked).hasValue(4);

        RecentReads.Answers<Integer, Integer> none = RecentReads.NONE.answers(2);
        none.get(1, k -> asked.incrementAndGet());
        none.get(1, k -> asked.incrementAndGet());
        assertThat(asked).hasValue(6);
    }
}
