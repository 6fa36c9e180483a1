package dev.roadlab.engine.db;

import static dev.roadlab.engine.db.jooq.Tables.LEARNERS;
import static dev.roadlab.engine.db.jooq.Tables.MODULE_READS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.db.cache.RecentReads;
import dev.roadlab.engine.TestLabs;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.TokenBuckets;
import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.engine.course.MarkdownRenderer;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.progress.ModuleState;
import dev.roadlab.engine.progress.LearnerService;
import dev.roadlab.engine.progress.NewLearner;
import dev.roadlab.engine.progress.ProgressService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only an embedded H2 database keeps recent reads; every write through jOOQ forgets them, and pages see writes at once. */
class RecentReadsOnH2Test {

    @Test
    void onlyAnEmbeddedH2KeepsAnswers() {
        assertThat(Database.recentReadsFor("jdbc:h2:file:/tmp/x;DB_CLOSE_ON_EXIT=FALSE").keeps()).isTrue();
        assertThat(Database.recentReadsFor("jdbc:h2:mem:x").keeps()).isTrue();
        assertThat(Database.recentReadsFor("jdbc:h2:tcp://localhost/~/x").keeps()).isFalse();
        assertThat(Database.recentReadsFor("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE").keeps()).isFalse();
        assertThat(Database.recentReadsFor("jdbc:postgresql://127.0.0.1/test").keeps()).isFalse();
    }

    @Test
    void everyWriteThroughJooqCountsAndReadsDoNot(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir))) {
            DSLContext dsl = db.dsl();
            RecentReads recent = RecentReads.of(dsl);
            assertThat(recent.keeps()).isTrue();
            RecentReads.Answers<String, Integer> answers = recent.answers(10);
            AtomicInteger asked = new AtomicInteger();

            answers.get("learners", k -> asked.incrementAndGet());
            dsl.fetchCount(LEARNERS); // a read
            answers.get("learners", k -> asked.incrementAndGet());
            assertThat(asked).as("a read leaves the answer").hasValue(1);

            dsl.insertInto(LEARNERS).set(LEARNERS.TOKEN_HASH, "x".repeat(64))
                    .set(LEARNERS.CREATED_AT, OffsetDateTime.now()).execute();
            answers.get("learners", k -> asked.incrementAndGet());
            assertThat(asked).as("an insert").hasValue(2);

            dsl.transaction(tx -> tx.dsl().fetchCount(LEARNERS)); // its commit counts, whatever it did
            answers.get("learners", k -> asked.incrementAndGet());
            assertThat(asked).as("a transaction's end").hasValue(3);

            dsl.execute("delete from module_reads"); // plain SQL that is no query
            answers.get("learners", k -> asked.incrementAndGet());
            assertThat(asked).as("plain SQL").hasValue(4);
        }
    }

    /**
     * What a page reads is right the moment it changes: progress after marking read, who a learner cookie is once an
     * account claimed it, a session after signing out.
     */
    @Test
    void pagesSeeWritesAtOnce(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir))) {
            Clock clock = Clock.systemUTC();
            LearnerService learners = new LearnerService(db.dsl(), clock);
            ProgressService progress = new ProgressService(db.dsl(), clock);
            AccountService accounts = new AccountService(db.dsl(), clock, new TokenBuckets(db.dsl(), clock));
            Course course = CourseLoader.fromClasspath(getClass().getClassLoader(), new MarkdownRenderer(new Urls("")),
                    TestLabs.bundledLabIds());
            NewLearner learner = learners.register();
            Caller caller = Caller.anonymousLearner(learner.id(), "127.0.0.1");

            assertThat(learners.identify(learner.token())).contains(learner.id());
            assertThat(progress.progress(caller, course).module("orientation").orElseThrow().state())
                    .isEqualTo(ModuleState.NOT_STARTED);
            progress.markRead(caller, "orientation");
            assertThat(progress.progress(caller, course).module("orientation").orElseThrow().state())
                    .isEqualTo(ModuleState.COMPLETE);
            progress.markUnread(caller, "orientation");
            assertThat(progress.progress(caller, course).module("orientation").orElseThrow().state())
                    .isEqualTo(ModuleState.NOT_STARTED);

            Account ada = accounts.create("ada", "Ada", "correct horse battery staple", Role.LEARNER,
                    Optional.of(learner.id()));
            assertThat(learners.identify(learner.token())).as("claimed by the account").isEmpty();
            String session = accounts.startSession(ada.id());
            assertThat(accounts.session(session)).map(Account::login).contains("ada");
            accounts.signOut(session);
            assertThat(accounts.session(session)).isEmpty();
        }
    }
}
