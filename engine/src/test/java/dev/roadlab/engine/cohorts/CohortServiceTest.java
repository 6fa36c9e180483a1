package dev.roadlab.engine.cohorts;

import static dev.roadlab.engine.db.jooq.Tables.COHORT_INVITES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cohorts, invites, deadlines and who may see them, for real on H2 and on PostgreSQL. */
class CohortServiceTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void an_instructor_runs_only_their_own_cohorts_and_any_other_is_absent_to_them(String kind) throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Caller ines = f.account("ines", "Ines Instructor", Role.INSTRUCTOR);
            Caller otto = f.account("otto", "Otto Other", Role.INSTRUCTOR);
            Caller ada = f.account("ada", "Ada Learner", Role.LEARNER);
            Caller admin = f.account("root", "The Admin", Role.ADMIN);
            Cohort spring = f.cohorts.create(ines, "  Spring 2027 ", "backend");
            assertThat(spring.name()).isEqualTo("Spring 2027");
            assertThat(spring.courseId()).isEqualTo("backend");
            CohortId id = spring.id();
            String token = f.cohorts.createInvite(ines, id, 7).orElseThrow().token();
            f.cohorts.join(ada, token);

            assertThat(f.cohorts.list(ines)).extracting(Cohort::name).containsExactly("Spring 2027");
            assertThat(f.cohorts.members(ines, id).orElseThrow()).extracting(Member::login)
                    .containsExactly("ines", "ada");

            // Another instructor: the cohort is absent, whatever they ask or try.
            assertThat(f.cohorts.list(otto)).isEmpty();
            assertThat(f.cohorts.find(otto, id)).isEmpty();
            assertThat(f.cohorts.members(otto, id)).isEmpty();
            assertThat(f.cohorts.invites(otto, id)).isEmpty();
            assertThat(f.cohorts.labSettings(otto, id)).isEmpty();
            assertThat(f.cohorts.extensions(otto, id)).isEmpty();
            assertThat(f.cohorts.deadlines(otto, id)).isEmpty();
            assertThat(f.cohorts.createInvite(otto, id, 7)).isEmpty();
            assertThat(f.cohorts.setLab(otto, id, CohortFixture.LAB, Optional.of(f.clock.at()), "")).isFalse();
            assertThat(f.cohorts.grantExtension(otto, id, ada.accountId().orElseThrow(), CohortFixture.LAB,
                    f.clock.at())).isFalse();
            assertThat(f.cohorts.setBudget(otto, id, "5/10m")).isFalse();
            assertThat(f.cohorts.rename(otto, id, "Mine now")).isFalse();
            assertThat(f.cohorts.addInstructor(otto, id, "otto")).isFalse();
            assertThat(f.cohorts.removeLearner(otto, id, ada.accountId().orElseThrow())).isFalse();
            String inviteId = f.cohorts.invites(ines, id).orElseThrow().getFirst().id();
            assertThat(f.cohorts.revokeInvite(otto, id, inviteId)).isFalse();
            assertThat(f.gradebooks.gradebook(otto, id, List.of(), GradebookQuery.ALL)).isEmpty();
            assertThat(f.cohorts.find(otto, new CohortId(id.value() + 1000))).isEmpty();
            assertThat(f.cohorts.labSettings(ines, id).orElseThrow()).isEmpty();
            assertThat(f.cohorts.find(ines, id).orElseThrow().name()).isEqualTo("Spring 2027");
            assertThat(f.cohorts.invites(ines, id).orElseThrow().getFirst().revokedAt()).isEmpty();

            // A learner may not run cohorts at all (403), not even the one they are in.
            assertThatThrownBy(() -> f.cohorts.list(ada)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> f.cohorts.find(ada, id)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> f.cohorts.create(ada, "Mine", "backend"))
                    .isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> f.cohorts.list(Caller.nobody("test"))).isInstanceOf(NotAllowedException.class);

            // An admin's session runs every cohort.
            assertThat(f.cohorts.find(admin, id)).isPresent();
            assertThat(f.cohorts.list(admin)).extracting(Cohort::id).containsExactly(id);

            // A token reads with the gradebook scope, never changes, and without the scope reads nothing.
            var account = ines.account().orElseThrow();
            Caller reading = Caller.withToken(account, EnumSet.of(Scope.GRADEBOOK), "test");
            Caller submitting = Caller.withToken(account, EnumSet.of(Scope.SUBMIT, Scope.READ), "test");
            assertThat(f.cohorts.find(reading, id)).isPresent();
            assertThatThrownBy(() -> f.cohorts.createInvite(reading, id, 7)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> f.cohorts.find(submitting, id)).isInstanceOf(NotAllowedException.class);

            // A co-instructor added by login runs it too.
            assertThat(f.cohorts.addInstructor(ines, id, "OTTO")).isTrue();
            assertThat(f.cohorts.find(otto, id)).isPresent();
            assertThatThrownBy(() -> f.cohorts.addInstructor(ines, id, "ada")).isInstanceOf(CohortProblem.class);
            assertThatThrownBy(() -> f.cohorts.addInstructor(ines, id, "nobody-here"))
                    .isInstanceOf(CohortProblem.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void invite_links_are_stored_hashed_expire_and_can_be_revoked(String kind) throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Caller ines = f.account("ines", "Ines", Role.INSTRUCTOR);
            Caller ada = f.account("ada", "Ada", Role.LEARNER);
            Caller bob = f.account("bob", "Bob", Role.LEARNER);
            Caller cy = f.account("cy", "Cy", Role.LEARNER);
            CohortId id = f.cohorts.create(ines, "Spring", "backend").id();

            NewInvite week = f.cohorts.createInvite(ines, id, CohortService.DEFAULT_INVITE_DAYS).orElseThrow();
            assertThat(week.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(week.invite().expiresAt()).isEqualTo(f.clock.at().plusDays(7));
            assertThat(week.toString()).doesNotContain(week.token());
            assertThat(f.db.dsl().select(COHORT_INVITES.TOKEN_HASH).from(COHORT_INVITES).fetch(COHORT_INVITES.TOKEN_HASH))
                    .containsExactly(dev.roadlab.engine.accounts.SecretTokens.hash(week.token()))
                    .doesNotContain(week.token());
            assertThat(f.cohorts.usable(week.token())).isTrue();
            assertThat(f.cohorts.inviteCohortName(week.token())).contains("Spring");
            assertThat(f.cohorts.usable("x".repeat(43))).isFalse();
            assertThat(f.cohorts.usable("not a token")).isFalse();
            assertThat(f.cohorts.usable(null)).isFalse();

            // Joining twice is one membership and one use; sign-up's redeem does the same.
            assertThat(f.cohorts.join(ada, week.token()).name()).isEqualTo("Spring");
            f.cohorts.join(ada, week.token());
            f.cohorts.redeem(week.token(), bob.account().orElseThrow());
            assertThat(f.cohorts.learners(ines, id).orElseThrow()).extracting(Member::login)
                    .containsExactly("ada", "bob");
            assertThat(f.cohorts.invites(ines, id).orElseThrow().getFirst().uses()).isEqualTo(2);
            assertThatThrownBy(() -> f.cohorts.join(Caller.nobody("test"), week.token()))
                    .isInstanceOf(NotAllowedException.class);

            // Expired: a second before it is still usable, at its expiry time it is not.
            f.clock.advance(Duration.ofDays(7).minusSeconds(1));
            assertThat(f.cohorts.usable(week.token())).isTrue();
            f.clock.advance(Duration.ofSeconds(1));
            assertThat(f.cohorts.usable(week.token())).isFalse();
            assertThat(f.cohorts.inviteCohortName(week.token())).isEmpty();
            assertThatThrownBy(() -> f.cohorts.join(cy, week.token())).isInstanceOf(AccountProblem.class)
                    .hasMessageContaining("expired or was revoked");
            assertThatThrownBy(() -> f.cohorts.redeem(week.token(), cy.account().orElseThrow()))
                    .isInstanceOf(AccountProblem.class);

            // Revoked: at once, and only once.
            NewInvite fresh = f.cohorts.createInvite(ines, id, 90).orElseThrow();
            assertThat(f.cohorts.usable(fresh.token())).isTrue();
            assertThat(f.cohorts.revokeInvite(ines, id, fresh.invite().id())).isTrue();
            assertThat(f.cohorts.revokeInvite(ines, id, fresh.invite().id())).isFalse();
            assertThat(f.cohorts.revokeInvite(ines, id, "not-an-id")).isFalse();
            assertThat(f.cohorts.usable(fresh.token())).isFalse();
            assertThatThrownBy(() -> f.cohorts.join(cy, fresh.token())).isInstanceOf(AccountProblem.class);
            assertThat(f.cohorts.learners(ines, id).orElseThrow()).extracting(Member::login)
                    .containsExactly("ada", "bob");
            assertThat(f.cohorts.invites(ines, id).orElseThrow()).extracting(i -> i.usableAt(f.clock.at()))
                    .containsExactly(false, false);

            assertThatThrownBy(() -> f.cohorts.createInvite(ines, id, 0)).isInstanceOf(CohortProblem.class);
            assertThatThrownBy(() -> f.cohorts.createInvite(ines, id, 91)).isInstanceOf(CohortProblem.class)
                    .hasMessageContaining("1 to 90 days");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void a_late_submission_is_late_until_the_learner_gets_an_extension(String kind) throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Caller ines = f.account("ines", "Ines", Role.INSTRUCTOR);
            Caller ada = f.account("ada", "Ada", Role.LEARNER);
            CohortId id = f.cohorts.create(ines, "Spring", "backend").id();
            f.cohorts.join(ada, f.cohorts.createInvite(ines, id, 7).orElseThrow().token());
            var adaId = ada.accountId().orElseThrow();
            var due = f.clock.at().plusDays(2);

            assertThat(f.cohorts.setDeadline(ines, id, CohortFixture.LAB, Optional.of(due))).isTrue();
            assertThat(f.cohorts.effectiveDue(ines, id, adaId, CohortFixture.LAB)).contains(due);
            Deadlines deadlines = f.cohorts.deadlines(ines, id).orElseThrow();
            assertThat(deadlines.late(adaId, CohortFixture.LAB, due)).isFalse();
            assertThat(deadlines.late(adaId, CohortFixture.LAB, due.plusSeconds(1))).isTrue();
            assertThat(deadlines.late(adaId, "another-lab", due.plusYears(1))).isFalse();

            f.clock.advance(Duration.ofDays(3));
            String late = f.submitGraded(ada, CohortFixture.first(1));
            SubmissionInCohort seen = f.gradebooks.submissionInCohort(ines, late).orElseThrow();
            assertThat(seen.late()).isTrue();
            assertThat(seen.learnerName()).isEqualTo("Ada");
            assertThat(seen.own()).isFalse();
            assertThat(seen.dueAt()).contains(due);
            assertThat(f.gradebooks.submissionInCohort(ada, late).orElseThrow().own()).isTrue();

            var extended = f.clock.at().plusDays(1);
            assertThat(f.cohorts.grantExtension(ines, id, adaId, CohortFixture.LAB, extended)).isTrue();
            assertThat(f.cohorts.effectiveDue(ines, id, adaId, CohortFixture.LAB)).contains(extended);
            assertThat(f.gradebooks.submissionInCohort(ines, late).orElseThrow().late()).isFalse();
            assertThat(f.cohorts.extensions(ines, id).orElseThrow())
                    .containsExactly(new Extension(adaId, CohortFixture.LAB, extended));

            assertThat(f.cohorts.removeExtension(ines, id, adaId, CohortFixture.LAB)).isTrue();
            assertThat(f.gradebooks.submissionInCohort(ines, late).orElseThrow().late()).isTrue();

            // Only the cohort's learners get extensions; the budget fields take what Budget.parse reads.
            assertThat(f.cohorts.grantExtension(ines, id, ines.accountId().orElseThrow(), CohortFixture.LAB,
                    extended)).isFalse();
            assertThat(f.cohorts.setLab(ines, id, CohortFixture.LAB, Optional.of(due), "5 / 10M")).isTrue();
            assertThat(f.cohorts.labSettings(ines, id).orElseThrow().get(CohortFixture.LAB))
                    .isEqualTo(new LabSettings(CohortFixture.LAB, Optional.of(due), Optional.of("5/10m")));
            assertThat(f.cohorts.setDeadline(ines, id, CohortFixture.LAB, Optional.empty())).isTrue();
            assertThat(f.cohorts.labSettings(ines, id).orElseThrow().get(CohortFixture.LAB).submissionBudget())
                    .contains("5/10m");
            assertThat(f.gradebooks.submissionInCohort(ines, late).orElseThrow().late()).isFalse();
            assertThatThrownBy(() -> f.cohorts.setLab(ines, id, CohortFixture.LAB, Optional.empty(), "lots"))
                    .isInstanceOf(CohortProblem.class).hasMessageContaining("not a budget");
            assertThat(f.cohorts.setBudget(ines, id, "off")).isTrue();
            assertThat(f.cohorts.find(ines, id).orElseThrow().submissionBudget()).contains("off");
            assertThat(f.cohorts.setBudget(ines, id, " ")).isTrue();
            assertThat(f.cohorts.find(ines, id).orElseThrow().submissionBudget()).isEmpty();
            assertThat(f.cohorts.setLab(ines, id, CohortFixture.LAB, Optional.empty(), "")).isTrue();
            assertThat(f.cohorts.labSettings(ines, id).orElseThrow()).isEmpty();
            assertThatThrownBy(() -> f.cohorts.setLab(ines, id, "../etc", Optional.empty(), ""))
                    .isInstanceOf(CohortProblem.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.roadlab.engine.cohorts.CohortFixture#databases")
    void an_instructor_opens_the_submissions_of_their_cohorts_learners_and_nobody_elses(String kind)
            throws Exception {
        try (CohortFixture f = new CohortFixture(kind)) {
            Caller ines = f.account("ines", "Ines", Role.INSTRUCTOR);
            Caller otto = f.account("otto", "Otto", Role.INSTRUCTOR);
            Caller ada = f.account("ada", "Ada", Role.LEARNER);
            Caller bob = f.account("bob", "Bob", Role.LEARNER);
            CohortId spring = f.cohorts.create(ines, "Spring", "backend").id();
            CohortId autumn = f.cohorts.create(otto, "Autumn", "backend").id();
            f.cohorts.join(ada, f.cohorts.createInvite(ines, spring, 7).orElseThrow().token());
            f.cohorts.join(bob, f.cohorts.createInvite(otto, autumn, 7).orElseThrow().token());
            String adas = f.submitGraded(ada, Set.of());
            String bobs = f.submitGraded(bob, Set.of());

            assertThat(f.submissions.detail(adas, ines)).isPresent();
            assertThat(f.submissions.detail(adas, ines).orElseThrow().files()).containsKey("migration.sql");
            assertThat(f.submissions.find(bobs, ines)).isEmpty();
            assertThat(f.submissions.find(adas, otto)).isEmpty();
            assertThat(f.submissions.find(bobs, otto)).isPresent();
            assertThat(f.submissions.find(adas, bob)).isEmpty();
            assertThat(f.gradebooks.submissionInCohort(otto, adas)).isEmpty();
            assertThat(f.gradebooks.submissionInCohort(bob, adas)).isEmpty();
            // Without the gradebook scope a token of the instructor sees only its own learner's work.
            Caller token = Caller.withToken(ines.account().orElseThrow(), EnumSet.of(Scope.READ), "test");
            assertThat(f.submissions.find(adas, token)).isEmpty();
            // With only the gradebook scope it reads the cohort's work, and not its own account's.
            Caller gradebook = Caller.withToken(ines.account().orElseThrow(), EnumSet.of(Scope.GRADEBOOK), "test");
            assertThat(f.submissions.find(adas, gradebook)).isPresent();
            String own = f.submitGraded(ines, Set.of());
            assertThat(f.submissions.find(own, ines)).isPresent();
            assertThat(f.submissions.find(own, gradebook)).isEmpty();
            // An instructor who is a learner member of a cohort sees nothing of it either.
            f.cohorts.join(otto, f.cohorts.createInvite(ines, spring, 7).orElseThrow().token());
            assertThat(f.submissions.find(adas, otto)).isEmpty();
            // Removed from the cohort, the learner's work is no longer the instructor's to open.
            assertThat(f.cohorts.removeLearner(ines, spring, ada.accountId().orElseThrow())).isTrue();
            assertThat(f.submissions.find(adas, ines)).isEmpty();
        }
    }
}
