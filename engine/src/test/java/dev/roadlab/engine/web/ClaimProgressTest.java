package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestBrowser;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A learner alone starts with no sign-in; when they make an account, the progress their browser made anonymously
 * comes with it if they ask, and the anonymous cookie no longer opens it.
 */
class ClaimProgressTest {

    static final String PASSWORD = "correct horse battery staple";
    static final String READ = "<progress id=\"overall-progress\" class=\"progress-bar\" max=\"";

    @Test
    void sign_up_keeps_the_browsers_anonymous_progress_when_asked() {
        try (TestServer server = TestServer.onH2("claim", TestSandboxes.servers(), 0, config -> config.withHosting(
                config.hosting().withSignUp(RoadlabConfig.SignUp.OPEN)))) {
            TestBrowser browser = new TestBrowser(server);
            assertThat(browser.get("/").statusCode()).as("single-user: no sign-in").isEqualTo(200);
            assertThat(browser.postForm("/modules/orientation", "/modules/orientation/progress",
                    Map.of("read", "true")).statusCode()).isEqualTo(303);
            String anonymous = browser.cookies().get("__Host-roadlab-learner");
            assertThat(anonymous).isNotNull();
            assertThat(done(browser.get("/").body())).isEqualTo(1);
            assertThat(browser.get("/sign-up").body()).contains("Keep the progress this browser has made");

            assertThat(browser.postForm("/sign-up", "/sign-up", Map.of("login", "keeper", "name", "Keeper",
                    "password", PASSWORD, "claim", "true")).statusCode()).isEqualTo(303);
            assertThat(browser.postForm("/sign-in", "/sign-in", Map.of("login", "keeper", "password", PASSWORD))
                    .statusCode()).isEqualTo(303);
            assertThat(done(browser.get("/").body())).as("the account has the module read").isEqualTo(1);

            TestBrowser sameCookieSignedOut = new TestBrowser(server);
            sameCookieSignedOut.cookies().put("__Host-roadlab-learner", anonymous);
            assertThat(done(sameCookieSignedOut.get("/").body())).as("the old cookie opens nothing now").isZero();

            TestBrowser other = new TestBrowser(server);
            other.postForm("/modules/orientation", "/modules/orientation/progress", Map.of("read", "true"));
            other.postForm("/sign-up", "/sign-up", Map.of("login", "fresh", "name", "Fresh", "password", PASSWORD));
            other.postForm("/sign-in", "/sign-in", Map.of("login", "fresh", "password", PASSWORD));
            assertThat(done(other.get("/").body())).as("not asked to keep it: a fresh start").isZero();
        }
    }

    /** The overall progress bar's value. */
    private static int done(String page) {
        int at = page.indexOf(READ);
        assertThat(at).as("the path's progress bar").isNotNegative();
        String rest = page.substring(at);
        return Integer.parseInt(rest.replaceAll("(?s)^.*?value=\"(\\d+)\".*$", "$1"));
    }
}
