package dev.roadlab.engine.accounts;

import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.engine.progress.LearnerService;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts, passwords, sessions and sign-in limits, on H2 and on PostgreSQL. */
class AccountServiceTest {

    static final String PASSWORD = "correct horse battery staple";


    record World(Database db, AccountService accounts, LearnerService learners, TestClock clock) {
    }

    static void with(String kind, Consumer<World> test) throws Exception {
        TestClock clock = new TestClock();
        if (kind.equals("H2")) {
            RoadlabConfig.Database config = TestDatabases.h2(Files.createTempDirectory("roadlab-accounts"));
            try (Database db = Database.open(config)) {
                test.accept(world(db, clock));
            }
        } else {
            try (TestDatabases.Postgres pg = TestDatabases.postgres(); Database db = Database.open(pg.config())) {
                test.accept(world(db, clock));
            }
        }
    }

    private static World world(Database db, TestClock clock) {
        return new World(db, new AccountService(db.dsl(), clock, new TokenBuckets(db.dsl(), clock)),
                new LearnerService(db.dsl(), clock), clock);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void passwords_are_argon2id_at_owasp_strength_and_never_stored_in_clear(String kind) throws Exception {
        with(kind, w -> {
            Account ada = w.accounts().create("Ada", "Ada Lovelace", PASSWORD, Role.LEARNER, Optional.empty());
            assertThat(ada.login()).isEqualTo("ada");
            String hash = w.db().dsl().select(ACCOUNTS.PASSWORD_HASH).from(ACCOUNTS).fetchSingle(ACCOUNTS.PASSWORD_HASH);
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
            assertThat(Passwords.matches(PASSWORD, hash)).isTrue();
            assertThat(Passwords.matches(PASSWORD + "!", hash)).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void a_sign_in_makes_a_database_session_that_sign_out_ends(String kind) throws Exception {
        with(kind, w -> {
            w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            SignInResult result = w.accounts().signIn("ADA ", PASSWORD, "10.0.0.1");
            assertThat(result).isInstanceOf(SignInResult.SignedIn.class);
            String token = ((SignInResult.SignedIn) result).sessionToken();
            assertThat(w.accounts().session(token)).map(Account::login).hasValue("ada");
            assertThat(w.db().dsl().select(SESSIONS.TOKEN_HASH).from(SESSIONS).fetchSingle(SESSIONS.TOKEN_HASH))
                    .as("only the token's hash is stored").isEqualTo(SecretTokens.hash(token)).isNotEqualTo(token);
            w.accounts().signOut(token);
            assertThat(w.accounts().session(token)).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void sessions_end_after_a_week_unused_and_after_thirty_days_whatever_happens(String kind) throws Exception {
        with(kind, w -> {
            Account ada = w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            String idle = w.accounts().startSession(ada.id());
            String busy = w.accounts().startSession(ada.id());
            for (int day = 0; day < 8; day++) {
                w.clock().advance(Duration.ofDays(1));
                assertThat(w.accounts().session(busy)).as("used every day").isPresent();
            }
            assertThat(w.accounts().session(idle)).as("unused for eight days").isEmpty();
            for (int day = 8; day < 29; day++) {
                w.clock().advance(Duration.ofDays(1));
                assertThat(w.accounts().session(busy)).isPresent();
            }
            w.clock().advance(Duration.ofDays(2));
            assertThat(w.accounts().session(busy)).as("past thirty days").isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void an_unknown_login_and_a_wrong_password_get_the_same_answer(String kind) throws Exception {
        with(kind, w -> {
            w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            assertThat(w.accounts().signIn("ada", "wrong password!", "10.0.0.1"))
                    .isEqualTo(new SignInResult.Refused());
            assertThat(w.accounts().signIn("nobody-here", PASSWORD, "10.0.0.1"))
                    .isEqualTo(new SignInResult.Refused());
            // Sign-up does not tell either: a taken login answers empty, and the page says the same for both.
            assertThat(w.accounts().signUp("ada", "Another Ada", PASSWORD, Optional.empty())).isEmpty();
            assertThat(w.accounts().signUp("grace", "Grace", PASSWORD, Optional.empty())).isPresent();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void sign_in_attempts_are_limited_per_login_whether_or_not_it_exists_and_per_address(String kind) throws Exception {
        with(kind, w -> {
            w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            for (String login : new String[] {"ada", "ghost"}) {
                for (int i = 0; i < AccountService.SIGN_IN_PER_LOGIN.capacity(); i++) {
                    assertThat(w.accounts().signIn(login, "wrong password!", "10.0.0." + i))
                            .isInstanceOf(SignInResult.Refused.class);
                }
                SignInResult throttled = w.accounts().signIn(login, PASSWORD, "10.0.0.99");
                assertThat(throttled).as(login).isInstanceOf(SignInResult.Throttled.class);
                assertThat(((SignInResult.Throttled) throttled).perAccount()).isTrue();
                assertThat(((SignInResult.Throttled) throttled).retryAfter())
                        .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(3));
            }
            // The login's bucket refills: one attempt every three minutes.
            w.clock().advance(Duration.ofMinutes(3));
            assertThat(w.accounts().signIn("ada", PASSWORD, "10.0.0.99")).isInstanceOf(SignInResult.SignedIn.class);

            // One address trying many logins is stopped by the address's limit.
            int refused = 0;
            SignInResult last = null;
            for (int i = 0; i < AccountService.SIGN_IN_PER_ADDRESS.capacity() + 1; i++) {
                last = w.accounts().signIn("user" + i, "wrong password!", "192.0.2.7");
                if (last instanceof SignInResult.Refused) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(AccountService.SIGN_IN_PER_ADDRESS.capacity());
            assertThat(last).isInstanceOf(SignInResult.Throttled.class);
            assertThat(((SignInResult.Throttled) last).perAccount()).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void changing_the_password_ends_every_session_and_gives_the_asking_browser_a_new_one(String kind) throws Exception {
        with(kind, w -> {
            Account ada = w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            String laptop = w.accounts().startSession(ada.id());
            String phone = w.accounts().startSession(ada.id());
            Caller onLaptop = Caller.signedIn(w.accounts().session(laptop).orElseThrow(), "10.0.0.1");
            assertThatThrownBy(() -> w.accounts().changePassword(onLaptop, "not it at all", "a brand new password"))
                    .isInstanceOf(AccountProblem.class).hasMessageContaining("current password");
            assertThatThrownBy(() -> w.accounts().changePassword(onLaptop, PASSWORD, "short"))
                    .isInstanceOf(AccountProblem.class).hasMessageContaining("at least 10");
            String fresh = w.accounts().changePassword(onLaptop, PASSWORD, "a brand new password");
            assertThat(w.accounts().session(laptop)).isEmpty();
            assertThat(w.accounts().session(phone)).isEmpty();
            assertThat(w.accounts().session(fresh)).isPresent();
            assertThat(w.accounts().signIn("ada", PASSWORD, "10.0.0.1")).isInstanceOf(SignInResult.Refused.class);
            assertThat(w.accounts().signIn("ada", "a brand new password", "10.0.0.1"))
                    .isInstanceOf(SignInResult.SignedIn.class);
            Caller token = Caller.withToken(ada, java.util.EnumSet.allOf(Scope.class), "10.0.0.1");
            assertThatThrownBy(() -> w.accounts().changePassword(token, "a brand new password", "another new one!"))
                    .isInstanceOf(NotAllowedException.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void an_admins_reset_link_works_once_within_a_day_and_signs_every_browser_out(String kind) throws Exception {
        with(kind, w -> {
            Account root = w.accounts().create("root", "Root", PASSWORD, Role.ADMIN, Optional.empty());
            Account ada = w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            Caller admin = Caller.signedIn(root, "10.0.0.1");
            Caller learner = Caller.signedIn(ada, "10.0.0.2");
            assertThatThrownBy(() -> w.accounts().resetToken(learner, root.id())).isInstanceOf(NotAllowedException.class);
            String session = w.accounts().startSession(ada.id());
            String link = w.accounts().resetToken(admin, ada.id());
            assertThat(w.accounts().resetUsable(link)).isTrue();
            assertThatThrownBy(() -> w.accounts().resetPassword(link, "short")).isInstanceOf(AccountProblem.class);
            assertThat(w.accounts().resetPassword(link, "chosen after reset")).map(Account::login).hasValue("ada");
            assertThat(w.accounts().session(session)).isEmpty();
            assertThat(w.accounts().resetPassword(link, "chosen twice, no")).as("used").isEmpty();
            String late = w.accounts().resetToken(admin, ada.id());
            w.clock().advance(Duration.ofHours(25));
            assertThat(w.accounts().resetUsable(late)).isFalse();
            assertThat(w.accounts().resetPassword(late, "chosen too late")).isEmpty();
            assertThat(w.accounts().signIn("ada", "chosen after reset", "10.0.0.2"))
                    .isInstanceOf(SignInResult.SignedIn.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void sign_up_claims_the_browsers_anonymous_learner_once(String kind) throws Exception {
        with(kind, w -> {
            var anonymous = w.learners().register();
            Account ada = w.accounts().signUp("ada", "Ada", PASSWORD, Optional.of(anonymous.id())).orElseThrow();
            assertThat(ada.learner()).isEqualTo(anonymous.id());
            assertThat(w.learners().identify(anonymous.token())).as("the cookie no longer opens that progress").isEmpty();
            Account grace = w.accounts().signUp("grace", "Grace", PASSWORD, Optional.of(anonymous.id())).orElseThrow();
            assertThat(grace.learner()).as("already claimed: a new learner").isNotEqualTo(anonymous.id());
            Account bob = w.accounts().signUp("bob", "Bob", PASSWORD, Optional.of(new LearnerId(999_999))).orElseThrow();
            assertThat(bob.learner()).isNotEqualTo(new LearnerId(999_999));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void only_admins_manage_accounts_and_the_last_admin_stays(String kind) throws Exception {
        with(kind, w -> {
            Account root = w.accounts().create("root", "Root", PASSWORD, Role.ADMIN, Optional.empty());
            Account ada = w.accounts().create("ada", "Ada", PASSWORD, Role.INSTRUCTOR, Optional.empty());
            Caller admin = Caller.signedIn(root, "10.0.0.1");
            Caller instructor = Caller.signedIn(ada, "10.0.0.2");
            assertThatThrownBy(() -> w.accounts().list(instructor)).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> w.accounts().setRole(instructor, ada.id(), Role.ADMIN))
                    .isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> w.accounts().createBy(instructor, "eve", "Eve", PASSWORD, Role.ADMIN))
                    .isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> w.accounts().setRole(admin, root.id(), Role.LEARNER))
                    .isInstanceOf(AccountProblem.class).hasMessageContaining("only admin");
            assertThat(w.accounts().setRole(admin, ada.id(), Role.ADMIN).role()).isEqualTo(Role.ADMIN);
            assertThat(w.accounts().setRole(admin, root.id(), Role.LEARNER).role()).isEqualTo(Role.LEARNER);
            assertThat(w.accounts().list(Caller.signedIn(w.accounts().find(ada.id()).orElseThrow(), "x")))
                    .extracting(Account::login).containsExactly("ada", "root");
            assertThatThrownBy(() -> w.accounts().create("ada", "Ada again", PASSWORD, Role.LEARNER, Optional.empty()))
                    .isInstanceOf(AccountProblem.class).hasMessageContaining("taken");
            assertThatThrownBy(() -> w.accounts().create("a", "", "short", Role.LEARNER, Optional.empty()))
                    .isInstanceOf(AccountProblem.class)
                    .satisfies(e -> assertThat(((AccountProblem) e).problems()).hasSize(3));
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void a_host_user_is_one_account_per_host_id_kept_in_step_with_the_host_and_without_a_usable_password(String kind)
            throws Exception {
        with(kind, w -> {
            Account first = w.accounts().fromHost(new HostUser("portal-7", "Grace", "Grace H", Role.INSTRUCTOR));
            Account again = w.accounts().fromHost(new HostUser("portal-7", "grace.h", "Grace Hopper", Role.LEARNER));
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.learner()).isEqualTo(first.learner());
            assertThat(w.accounts().find(first.id())).hasValueSatisfying(a -> {
                assertThat(a.login()).isEqualTo("grace.h");
                assertThat(a.displayName()).isEqualTo("Grace Hopper");
                assertThat(a.role()).isEqualTo(Role.LEARNER);
            });
            String hash = w.db().dsl().select(ACCOUNTS.PASSWORD_HASH).from(ACCOUNTS)
                    .where(ACCOUNTS.ID.eq(first.id().value())).fetchSingle(ACCOUNTS.PASSWORD_HASH);
            assertThat(Passwords.matches(hash, hash)).isFalse();
            assertThat(w.accounts().signIn("grace.h", AccountService.NO_PASSWORD, "10.0.0.9"))
                    .isInstanceOf(SignInResult.Refused.class);

            w.accounts().create("ada", "Ada", PASSWORD, Role.LEARNER, Optional.empty());
            assertThatThrownBy(() -> w.accounts().fromHost(new HostUser("portal-8", "ada", "Other Ada", Role.LEARNER)))
                    .isInstanceOf(AccountProblem.class).hasMessageContaining("'ada'");
            assertThat(w.accounts().operator().find("ada")).map(Account::displayName).hasValue("Ada");
        });
    }
}
