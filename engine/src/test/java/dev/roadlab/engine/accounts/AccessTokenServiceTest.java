package dev.roadlab.engine.accounts;

import static dev.roadlab.engine.db.jooq.Tables.ACCESS_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Personal access tokens through the real server and database: what is stored, what a token may do, revoking. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTokenServiceTest {

    static final String LAB = "audit-log-indexes";

    TestServer server;
    AccessTokenService tokens;
    DSLContext dsl;

    @BeforeAll
    void start() {
        server = TestServer.onH2("tokens", TestSandboxes.servers(), 0);
        tokens = server.roadlab().accessTokens();
        dsl = server.roadlab().database().dsl();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Caller browser(String login, Role role) {
        Account account = server.roadlab().accounts().create(login, login, "correct horse battery staple", role,
                Optional.empty());
        return Caller.signedIn(account, "127.0.0.1");
    }

    HttpResponse<String> submit(String token) {
        return server.postMultipart("/api/labs/" + LAB + "/submissions",
                List.of(Part.file("file", "migration.sql", "-- nothing\n")), "Authorization", "Bearer " + token);
    }

    @Test
    void a_token_is_shown_once_and_only_its_sha256_is_stored() {
        Caller ada = browser("ada", Role.LEARNER);
        NewAccessToken made = tokens.create(ada, "laptop", Set.of(Scope.SUBMIT, Scope.READ), Optional.of(30));
        assertThat(made.secret()).startsWith("rl_").hasSize(46);
        assertThat(made.toString()).doesNotContain(made.secret());
        var row = dsl.selectFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.ID.eq(made.token().id())).fetchSingle();
        assertThat(row.intoList()).noneSatisfy(value -> assertThat(String.valueOf(value))
                .contains(made.secret().substring(3)));
        assertThat(row.getTokenHash()).isEqualTo(SecretTokens.hash(made.secret()));
        assertThat(row.getScopes()).isEqualTo("submit read");
        assertThat(tokens.list(ada)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("laptop");
            assertThat(t.scopes()).containsExactlyInAnyOrder(Scope.SUBMIT, Scope.READ);
            assertThat(t.expires()).hasValueSatisfying(e -> assertThat(Duration.between(t.createdAt(), e))
                    .isEqualTo(Duration.ofDays(30)));
            assertThat(t.lastUsed()).isEmpty();
        });
    }

    @Test
    void a_token_submits_and_reads_as_its_account_and_a_revoked_one_is_refused_with_401() {
        Caller bea = browser("bea", Role.LEARNER);
        NewAccessToken made = tokens.create(bea, "ci", Set.of(Scope.SUBMIT, Scope.READ), Optional.empty());
        HttpResponse<String> accepted = submit(made.secret());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = TestServer.json(accepted).path("id").asString();
        // It is bea's submission: her browser sees it, another account's token does not.
        assertThat(server.roadlab().submissions().find(id, bea)).isPresent();
        NewAccessToken other = tokens.create(browser("cyd", Role.LEARNER), "x", Set.of(Scope.READ), Optional.empty());
        assertThat(server.get("/api/submissions/" + id, "Authorization", "Bearer " + other.secret()).statusCode())
                .isEqualTo(404);
        assertThat(server.get("/api/submissions/" + id, "Authorization", "Bearer " + made.secret()).statusCode())
                .isEqualTo(200);
        assertThat(tokens.list(bea).getFirst().lastUsed()).isPresent();

        assertThat(tokens.revoke(bea, made.token().id())).hasValueSatisfying(t -> assertThat(t.revoked()).isPresent());
        HttpResponse<String> refused = server.get("/api/submissions/" + id, "Authorization", "Bearer " + made.secret());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(TestServer.json(refused).path("error").asString()).contains("revoked");
        assertThat(submit(made.secret()).statusCode()).isEqualTo(401);
        assertThat(tokens.revoke(bea, made.token().id())).as("revoked already").isEmpty();
        assertThat(tokens.list(bea).getFirst().revoked()).isPresent();
    }

    @Test
    void a_read_only_token_cannot_submit_and_a_submit_only_token_cannot_read() {
        Caller dee = browser("dee", Role.LEARNER);
        String readOnly = tokens.create(dee, "read", Set.of(Scope.READ), Optional.empty()).secret();
        String submitOnly = tokens.create(dee, "submit", Set.of(Scope.SUBMIT), Optional.empty()).secret();
        HttpResponse<String> noSubmit = submit(readOnly);
        assertThat(noSubmit.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(noSubmit).path("error").asString()).contains("'submit' scope");
        HttpResponse<String> accepted = submit(submitOnly);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = TestServer.json(accepted).path("id").asString();
        HttpResponse<String> noRead = server.get("/api/submissions/" + id, "Authorization", "Bearer " + submitOnly);
        assertThat(noRead.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(noRead).path("error").asString()).contains("'read' scope");
        assertThat(server.get("/api/submissions/" + id + "/events", "Authorization", "Bearer " + submitOnly)
                .statusCode()).isEqualTo(403);
        assertThat(server.get("/api/submissions/" + id, "Authorization", "Bearer " + readOnly).statusCode())
                .isEqualTo(200);
    }

    @Test
    void only_instructors_give_a_token_the_gradebook_scope_and_a_demoted_one_loses_it() {
        assertThatThrownBy(() -> tokens.create(browser("eve", Role.LEARNER), "gb", Set.of(Scope.GRADEBOOK),
                Optional.empty())).isInstanceOf(AccountProblem.class).hasMessageContaining("instructors and admins");
        Caller fay = browser("fay", Role.INSTRUCTOR);
        String secret = tokens.create(fay, "gb", Set.of(Scope.GRADEBOOK, Scope.READ), Optional.empty()).secret();
        assertThat(tokens.authenticate(secret, "10.0.0.1")).hasValueSatisfying(c -> {
            assertThat(c.scopes()).containsExactlyInAnyOrder(Scope.GRADEBOOK, Scope.READ);
            assertThat(c.via()).isEqualTo(Caller.Via.TOKEN);
            assertThat(c.address()).isEqualTo("10.0.0.1");
        });
        Caller admin = browser("gus", Role.ADMIN);
        server.roadlab().accounts().setRole(admin, fay.accountId().orElseThrow(), Role.LEARNER);
        assertThat(tokens.authenticate(secret, "10.0.0.1")).hasValueSatisfying(c ->
                assertThat(c.scopes()).containsExactly(Scope.READ));
    }

    @Test
    void tokens_are_managed_only_from_a_signed_in_browser_and_only_ones_own() {
        Caller hal = browser("hal", Role.LEARNER);
        NewAccessToken made = tokens.create(hal, "one", Set.of(Scope.SUBMIT, Scope.READ), Optional.empty());
        Caller viaToken = tokens.authenticate(made.secret(), "127.0.0.1").orElseThrow();
        assertThatThrownBy(() -> tokens.create(viaToken, "two", Set.of(Scope.READ), Optional.empty()))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> tokens.list(viaToken)).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> tokens.revoke(viaToken, made.token().id())).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> tokens.list(Caller.nobody("127.0.0.1"))).isInstanceOf(NotAllowedException.class);

        Caller ivy = browser("ivy", Role.LEARNER);
        assertThat(tokens.revoke(ivy, made.token().id())).as("another's token is absent").isEmpty();
        assertThat(tokens.list(ivy)).isEmpty();
        assertThat(tokens.authenticate(made.secret(), "127.0.0.1")).isPresent();
    }

    @Test
    void bad_input_is_refused_naming_every_problem() {
        Caller jo = browser("jo", Role.LEARNER);
        assertThatThrownBy(() -> tokens.create(jo, " ", Set.of(), Optional.of(0)))
                .isInstanceOfSatisfying(AccountProblem.class, p -> assertThat(p.problems()).hasSize(3));
        assertThatThrownBy(() -> tokens.create(jo, "x".repeat(65), Set.of(Scope.READ), Optional.of(367)))
                .isInstanceOfSatisfying(AccountProblem.class, p -> assertThat(p.problems()).hasSize(2));
        assertThat(tokens.authenticate("rl_short", "a")).isEmpty();
        assertThat(tokens.authenticate("rl_" + "A".repeat(43), "a")).isEmpty();
        assertThat(tokens.authenticate(SecretTokens.random(), "a")).as("a session-shaped token").isEmpty();
        assertThat(server.get("/api/labs", "Authorization", "Bearer nonsense").statusCode()).isEqualTo(401);
    }

    @Test
    void an_expired_token_is_refused_and_last_use_is_written_at_most_once_a_minute() {
        TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        AccessTokenService timed = new AccessTokenService(dsl, clock);
        Caller kim = browser("kim", Role.LEARNER);
        NewAccessToken made = timed.create(kim, "week", Set.of(Scope.READ), Optional.of(7));
        assertThat(timed.authenticate(made.secret(), "a")).isPresent();
        var first = lastUsed(made);
        clock.advance(Duration.ofSeconds(30));
        assertThat(timed.authenticate(made.secret(), "a")).isPresent();
        assertThat(lastUsed(made)).as("not written again within the minute").isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(timed.authenticate(made.secret(), "a")).isPresent();
        assertThat(lastUsed(made)).isAfter(first);
        clock.advance(Duration.ofDays(7));
        assertThat(timed.authenticate(made.secret(), "a")).isEmpty();
        assertThat(timed.list(kim).getFirst().live(java.time.OffsetDateTime.now(clock))).isFalse();
    }

    private java.time.OffsetDateTime lastUsed(NewAccessToken made) {
        return dsl.select(ACCESS_TOKENS.LAST_USED_AT).from(ACCESS_TOKENS)
                .where(ACCESS_TOKENS.ID.eq(made.token().id())).fetchSingle(ACCESS_TOKENS.LAST_USED_AT);
    }

}
