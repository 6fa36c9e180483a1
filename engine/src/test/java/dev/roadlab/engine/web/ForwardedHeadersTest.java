package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behind a TLS-terminating proxy: HSTS and Secure cookies only when its forwarded headers are trusted. */
class ForwardedHeadersTest {

    @ParameterizedTest(name = "trusted: {0}")
    @ValueSource(booleans = {true, false})
    void hsts_and_secure_cookies_follow_the_proxys_scheme_only_when_trusted(boolean trusted) throws Exception {
        // Cookies are not Secure by setting here, so that only the proxy's https can make them so.
        try (TestServer server = TestServer.onH2("forwarded", TestSandboxes.servers(), 0, config -> config
                .withHttp(new RoadlabConfig.Http("127.0.0.1", 0, "", false))
                .withHosting(config.hosting().withTrustForwarded(trusted)))) {
            HttpResponse<String> viaTls = server.get("/sign-in", "X-Forwarded-Proto", "https");
            HttpResponse<String> plain = server.get("/sign-in");
            String csrfCookie = viaTls.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("roadlab-csrf"))
                    .findFirst().orElseThrow();
            if (trusted) {
                assertThat(viaTls.headers().firstValue("Strict-Transport-Security"))
                        .hasValue("max-age=31536000; includeSubDomains");
                assertThat(csrfCookie).startsWith("__Host-roadlab-csrf=").contains("; Secure");
            } else {
                assertThat(viaTls.headers().firstValue("Strict-Transport-Security")).isEmpty();
                assertThat(csrfCookie).startsWith("roadlab-csrf=").doesNotContain("Secure");
            }
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }
}
