package dev.roadlab.engine.progress;

import dev.roadlab.engine.accounts.LearnerId;
import static dev.roadlab.engine.db.jooq.Tables.MODULE_READS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Scope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import dev.roadlab.engine.db.cache.RecentReads;
import org.jooq.DSLContext;

/**
 * What each learner has read and passed. Every query is scoped by the learner it is asked about: one learner's
 * progress is never computed from, or shown with, another's rows. A learner without an identity yet has none.
 */
public final class ProgressService {

    private final DSLContext dsl;
    private final Clock clock;
    /** Each recently seen learner's rows: every page of the course shows them (see {@link RecentReads}). */
    private final RecentReads.Answers<LearnerId, Rows> recent;

    /** What a learner's progress is made of: the modules read, and the state of each lab submitted to. */
    private record Rows(Set<String> read, Map<String, LabState> labs) {
    }

    public ProgressService(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
        this.recent = RecentReads.of(dsl).answers(10_000);
    }

    /** Records that the caller (a learner) read the module; reading it again changes nothing. */
    public void markRead(Caller caller, String moduleId) {
        LearnerId learner = learnerOf(caller);
        dsl.insertInto(MODULE_READS)
                .set(MODULE_READS.LEARNER_ID, learner.value())
                .set(MODULE_READS.MODULE_ID, moduleId)
                .set(MODULE_READS.READ_AT, OffsetDateTime.now(clock))
                .onDuplicateKeyIgnore()
                .execute();
    }

    /** Takes the mark back, for a learner who clicked too soon or wants to read it again. */
    public void markUnread(Caller caller, String moduleId) {
        LearnerId learner = learnerOf(caller);
        dsl.deleteFrom(MODULE_READS)
                .where(MODULE_READS.LEARNER_ID.eq(learner.value()))
                .and(MODULE_READS.MODULE_ID.eq(moduleId))
                .execute();
    }

    private static LearnerId learnerOf(Caller caller) {
        if (!caller.may(Scope.SUBMIT)) {
            throw new NotAllowedException("This token may not change progress.");
        }
        return caller.learner().orElseThrow(() -> new IllegalArgumentException("a caller without a learner"));
    }

    /** The caller's own progress along the course's path; all zero for a caller who is no learner yet. */
    public PathProgress progress(Caller caller, Course course) {
        Rows rows = caller.learner().map(this::rows).orElse(new Rows(Set.of(), Map.of()));
        Set<String> read = rows.read();
        Map<String, LabState> labs = rows.labs();
        List<ModuleProgress> modules = course.modules().stream()
                .map(m -> moduleProgress(m, read, labs))
                .toList();
        return new PathProgress(modules);
    }

    /** Where the caller is with one lab. */
    public LabState labState(Caller caller, String labId) {
        Optional<LearnerId> learner = caller.learner();
        return learner.map(l -> rows(l).labs().getOrDefault(labId, LabState.NOT_STARTED)).orElse(LabState.NOT_STARTED);
    }

    private Rows rows(LearnerId learner) {
        return recent.get(learner, l -> new Rows(Set.copyOf(modulesRead(l)), Map.copyOf(labStates(l))));
    }

    private static ModuleProgress moduleProgress(CourseModule module, Set<String> read, Map<String, LabState> labs) {
        return new ModuleProgress(module.id(), read.contains(module.id()), module.labs().stream()
                .map(lab -> new LabProgress(lab, labs.getOrDefault(lab, LabState.NOT_STARTED)))
                .toList());
    }

    private Set<String> modulesRead(LearnerId learner) {
        return new HashSet<>(dsl.select(MODULE_READS.MODULE_ID).from(MODULE_READS)
                .where(MODULE_READS.LEARNER_ID.eq(learner.value()))
                .fetch(MODULE_READS.MODULE_ID));
    }

    /** Each lab the learner submitted to: passed if any of their submissions passed, else attempted. */
    private Map<String, LabState> labStates(LearnerId learner) {
        String passed = Verdict.PASSED.wireName();
        return dsl.selectDistinct(SUBMISSIONS.LAB_ID, SUBMISSIONS.VERDICT).from(SUBMISSIONS)
                .where(SUBMISSIONS.LEARNER_ID.eq(learner.value()))
                .fetch()
                .stream()
                .collect(Collectors.toMap(r -> r.value1(),
                        r -> passed.equals(r.value2()) ? LabState.PASSED : LabState.ATTEMPTED,
                        (a, b) -> a == LabState.PASSED || b == LabState.PASSED ? LabState.PASSED : LabState.ATTEMPTED));
    }
}
