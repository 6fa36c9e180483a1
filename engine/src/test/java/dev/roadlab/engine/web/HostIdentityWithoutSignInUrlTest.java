package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.accounts.HostUser;
import dev.roadlab.engine.accounts.Role;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A host with an identity hook but no sign-in page of its own to send strangers to, and no layout. */
class HostIdentityWithoutSignInUrlTest {

    @Test
    void a_stranger_gets_a_401_page_in_roadlabs_own_frame_and_a_host_user_gets_in() throws Exception {
        Path data = Files.createTempDirectory("roadlab-host-401");
        Roadlab roadlab = Roadlab.create(cfg -> {
            cfg.http.basePath = "/learn";
            cfg.data.dir(data);
            cfg.grading.workers = 0;
        });
        Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.registerPlugin(new RoadlabPlugin(p -> {
                p.roadlab = roadlab;
                p.identity = ctx -> "erin".equals(ctx.header("X-Test-User"))
                        ? Optional.of(new HostUser("e-1", "erin", "Erin", Role.LEARNER)) : Optional.empty();
            }));
        });
        app.start();
        try (TestServer server = TestServer.hostedIn(roadlab, app)) {
            HttpResponse<String> stranger = server.get("/learn/");
            assertThat(stranger.statusCode()).isEqualTo(401);
            assertThat(stranger.body()).contains("Sign in first").contains("site-footer")
                    .doesNotContain("href=\"/learn/sign-in");
            assertThat(stranger.headers().firstValue("Content-Security-Policy"))
                    .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);

            HttpResponse<String> erin = server.get("/learn/", "X-Test-User", "erin");
            assertThat(erin.statusCode()).isEqualTo(200);
            assertThat(erin.body()).contains("Erin").doesNotContain("Sign out");
        }
    }
}
