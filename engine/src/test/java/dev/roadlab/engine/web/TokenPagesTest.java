package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestBrowser;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /account/tokens} in a real signed-in browser: create (shown once), list, revoke. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenPagesTest {

    static final String PAGE = "/account/tokens";
    static final Pattern SECRET = Pattern.compile("rl_[A-Za-z0-9_-]{43}");

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("token-pages", TestSandboxes.servers(), 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void a_token_made_on_the_page_is_shown_once_works_and_stops_working_when_revoked() {
        TestBrowser browser = TestBrowser.signedIn(server, "lena", Role.LEARNER);
        HttpResponse<String> empty = browser.get(PAGE);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("You have no tokens yet.").doesNotContain("value=\"gradebook\"");

        HttpResponse<String> made = browser.postForm(PAGE, PAGE, Map.of("name", "laptop <b>", "scope", "submit",
                "days", "30"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        Matcher m = SECRET.matcher(made.body());
        assertThat(m.find()).as("the new token is on the page").isTrue();
        String secret = m.group();
        assertThat(made.body()).contains("laptop &lt;b&gt;").doesNotContain("laptop <b>");
        assertThat(made.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get("/api/labs", "Authorization", "Bearer " + secret).statusCode()).isEqualTo(200);

        HttpResponse<String> later = browser.get(PAGE);
        assertThat(later.body()).doesNotContain(secret).contains("laptop &lt;b&gt;").contains(">submit<")
                .contains(">live<");
        Matcher revoke = Pattern.compile("action=\"(/account/tokens/\\d+/revoke)\"").matcher(later.body());
        assertThat(revoke.find()).isTrue();
        HttpResponse<String> revoked = browser.postForm(PAGE, revoke.group(1), Map.of());
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(revoked.headers().firstValue("Location")).hasValue(PAGE);
        assertThat(server.get("/api/labs", "Authorization", "Bearer " + secret).statusCode()).isEqualTo(401);
        assertThat(browser.get(PAGE).body()).contains("revoked").doesNotContain("/revoke\"");
        assertThat(browser.postForm(PAGE, revoke.group(1), Map.of()).statusCode()).as("again").isEqualTo(404);
    }

    @Test
    void the_form_names_its_problems_and_another_persons_token_cannot_be_revoked() {
        TestBrowser mia = TestBrowser.signedIn(server, "mia", Role.INSTRUCTOR);
        assertThat(mia.get(PAGE).body()).contains("value=\"gradebook\"");
        HttpResponse<String> refused = mia.postForm(PAGE, PAGE, Map.of("name", "", "scope", "everything",
                "days", "soon"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("there is no scope 'everything'")
                .contains("the expiry is a number of days");
        assertThat(SECRET.matcher(refused.body()).find()).isFalse();
        HttpResponse<String> made = mia.postForm(PAGE, PAGE, Map.of("name", "ci", "scope", "read", "days", ""));
        assertThat(made.statusCode()).isEqualTo(201);
        Matcher revoke = Pattern.compile("action=\"(/account/tokens/\\d+/revoke)\"").matcher(made.body());
        assertThat(revoke.find()).isTrue();

        TestBrowser ned = TestBrowser.signedIn(server, "ned", Role.LEARNER);
        assertThat(ned.postForm(PAGE, revoke.group(1), Map.of()).statusCode()).isEqualTo(404);
        assertThat(mia.get(PAGE).body()).contains(">live<");
    }

    @Test
    void nobody_signed_in_is_sent_to_sign_in_and_a_form_without_the_csrf_token_is_refused() {
        HttpResponse<String> anonymous = server.get(PAGE);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith("/sign-in"));
        TestBrowser ola = TestBrowser.signedIn(server, "ola", Role.LEARNER);
        HttpResponse<String> forged = server.postForm(PAGE, Map.of("name", "x", "scope", "read"),
                "Cookie", ola.cookieHeader(), "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(server.roadlab().accessTokens().list(dev.roadlab.engine.accounts.Caller.signedIn(
                ola.account().orElseThrow(), "127.0.0.1"))).isEmpty();
    }
}
