package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.http.HttpExchange;
import dev.roadlab.grader.nginx.LabNginx;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.labs.HeadlessChromium.Rendering;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.TestReporter;

/**
 * Checks of the secure-headers lab: the learner's nginx server block (site.conf, and the security-headers.conf it may
 * include) in front of the tea shop's application, which the harness runs in the same nginx. The grader requests
 * the page, its script and stylesheet, the API (an answer and an error), the sign-in, a redirect and a missing page
 * once per run, judges every response's headers parsed, loads the page in a real browser under its policy, and
 * scans the whole set as ZAP's baseline scan and the Observatory would.
 */
@LabChecks
public class SecureHeadersChecks {

    static final String SESSION_COOKIE = "session";
    private static final String ELSEWHERE = "https://elsewhere.example";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private Site site;
    private SubmissionError refused;

    /**
     * What the learner's front server answered, once per run.
     *
     * @param base where it answers
     */
    record Site(URI base, HttpExchange page, HttpExchange script, HttpExchange style, HttpExchange orders,
                HttpExchange exportFailure, HttpExchange signIn, HttpExchange redirect, HttpExchange missing) {

        /** Every response, in the order requested. */
        List<HttpExchange> all() {
            return List.of(page, script, style, orders, exportFailure, signIn, redirect, missing);
        }

        List<HttpExchange> api() {
            return List.of(orders, exportFailure);
        }
    }

    /** Reads the submitted files, starts nginx with them and requests everything once; refusals are errors. */
    private Site site(LabNginx nginx, Submission submission) {
        if (refused != null) {
            throw new SubmissionError("Not graded: " + refused.getMessage(), true);
        }
        if (site == null) {
            try {
                FrontServerConfig.screen(submission.text(FrontServerConfig.SITE), submission.text(FrontServerConfig.SNIPPET));
            } catch (SubmissionError e) {
                refused = e;
                throw e;
            }
            URI base = nginx.start();
            site = new Site(base, get(base, "/"), get(base, "/static/shop.js"), get(base, "/static/shop.css"),
                    get(base, "/api/orders", "Origin", ELSEWHERE), get(base, "/api/orders/export", "Origin", ELSEWHERE),
                    send(HttpRequest.newBuilder(base.resolve("/login")).POST(HttpRequest.BodyPublishers.ofString(
                            "customer=demo")).header("Content-Type", "application/x-www-form-urlencoded")),
                    get(base, "/home"), get(base, "/no-such-page"));
        }
        return site;
    }

    private HttpExchange get(URI base, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private HttpExchange send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        try {
            return HttpExchange.of(http.send(built, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new CheckFailure(built.method() + " " + built.uri().getPath() + " got no answer from your server ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").",
                    "Every request should reach the application through your server and come back with its answer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailure("Interrupted while requesting " + built.uri().getPath() + ".");
        }
    }

    @Check(order = 1, points = 3, title = "Every response, errors and redirects included, carries a strict"
            + " Content-Security-Policy",
            hint = "A Content-Security-Policy is an allow-list the browser enforces: default-src sets what every kind"
                    + " of resource may load from, and each other directive narrows one kind. Injected script runs"
                    + " wherever the script sources let inline code or other origins in. Some directives have no"
                    + " fallback to default-src at all: which ones stop an injected <base> tag, and framing by other"
                    + " sites?",
            teaches = "#security-headers")
    void every_response_carries_a_strict_content_security_policy(LabNginx nginx, Submission submission) {
        SecureHeaderRules.strictContentSecurityPolicy(site(nginx, submission).all());
    }

    @Check(order = 2, points = 3, title = "The page still works under its policy in a real browser: its own script"
            + " runs, its stylesheet applies, and it loads the orders from the API",
            hint = "A policy is only secure if the site still works under it: a page whose own script is blocked gets"
                    + " its policy switched off in a hurry. Which directive governs scripts loaded from files, which"
                    + " one stylesheets, which one the page's fetch() calls, and what does each fall back to when it"
                    + " is not given?",
            teaches = "#security-headers")
    void the_page_still_works_under_its_policy(LabNginx nginx, Submission submission) {
        Site site = site(nginx, submission);
        HttpExchange page = site.page();
        if (page.status() != 200 || !page.isHtml()) {
            throw new CheckFailure("GET / answered " + page.status() + " (" + page.mediaType() + "), not the shop's page:"
                    + " the page is the application's, passed through.");
        }
        if (!page.csp().isEnforced()) {
            throw new CheckFailure("GET / (200) sends no Content-Security-Policy yet, so there is nothing the page could"
                    + " break under: this check counts once the page carries a policy that the browser enforces.",
                    "Start with the policy of check 1, then come back: this check loads the page under it.");
        }
        Rendering rendering = HeadlessChromium.render(site.base().resolve("/"));
        List<String> broken = new ArrayList<>();
        if (!rendering.root("data-script").orElse("").equals("ran")) {
            broken.add("its own script, /static/shop.js, did not run");
        } else {
            if (!rendering.root("data-style").orElse("").equals("applied")) {
                broken.add("its stylesheet, /static/shop.css, did not apply");
            }
            if (!rendering.root("data-api").orElse("").equals("loaded")) {
                broken.add("its script could not load the orders from /api/orders ("
                        + rendering.root("data-api").orElse("no answer") + ")");
            }
        }
        if (!broken.isEmpty()) {
            List<String> said = rendering.policyMessages();
            throw new CheckFailure("Chromium loaded GET / under its Content-Security-Policy (" + page.csp() + "), and "
                    + String.join("; ", broken) + "."
                    + (said.isEmpty() ? "" : "\nThe browser's console said:\n" + String.join("\n", said)));
        }
    }

    @Check(order = 3, points = 1, title = "Every response sends Strict-Transport-Security for a year or more, with"
            + " includeSubDomains",
            hint = "HSTS tells a browser to use https only for this site, for max-age seconds, so that no later visit"
                    + " starts over plain http where it can be intercepted. A year is what preload lists ask for;"
                    + " includeSubDomains extends it to every sub-domain. The TLS itself ends at the load balancer in"
                    + " front of this server, so the header comes from here.",
            teaches = "#security-headers")
    void every_response_sends_hsts_for_a_year_with_sub_domains(LabNginx nginx, Submission submission) {
        SecureHeaderRules.strictTransportSecurity(site(nginx, submission).all());
    }

    @Check(order = 4, points = 1, title = "Every response sends X-Content-Type-Options: nosniff",
            hint = "Without nosniff a browser may decide for itself that a JSON answer or a text file is a script or a"
                    + " page, and run it. The header tells it to trust the Content-Type and nothing else.",
            teaches = "#security-headers")
    void every_response_sends_nosniff(LabNginx nginx, Submission submission) {
        SecureHeaderRules.nosniff(site(nginx, submission).all());
    }

    @Check(order = 5, points = 1, title = "Every response sends a strict Referrer-Policy and a Permissions-Policy"
            + " that switches off the camera, the microphone and geolocation",
            hint = "By default a browser tells the next site which page a visitor came from, query string included."
                    + " A strict Referrer-Policy sends at most the origin to other sites, and only over https. A"
                    + " Permissions-Policy (a structured header: feature=() switches one off) keeps powerful browser"
                    + " features away from the page and anything it embeds.",
            teaches = "#security-headers")
    void every_response_sends_a_strict_referrer_policy_and_a_permissions_policy(LabNginx nginx, Submission submission) {
        SecureHeaderRules.referrerAndPermissionsPolicies(site(nginx, submission).all());
    }

    @Check(order = 6, points = 1, title = "No response names nginx's version or the framework behind it",
            hint = "A version in Server and an X-Powered-By tell a scanner which known vulnerabilities to try first."
                    + " One of them comes from nginx itself, the other from the application: a proxy can keep an"
                    + " upstream's header from reaching the client.",
            teaches = "#security-headers")
    void no_response_names_the_server_version_or_the_framework(LabNginx nginx, Submission submission) {
        SecureHeaderRules.namesNoVersionOrFramework(site(nginx, submission).all());
    }

    @Check(order = 7, points = 2, title = "The session cookie set at sign-in is Secure, HttpOnly and SameSite",
            hint = "The application sets its session cookie bare. Secure keeps it off plain http, HttpOnly away from"
                    + " scripts (an injected one included), SameSite Lax or Strict off requests other sites make. nginx"
                    + " can add cookie attributes as the answer passes through it, without touching the"
                    + " application.",
            teaches = "#security-headers")
    void the_session_cookie_is_secure_http_only_and_same_site(LabNginx nginx, Submission submission) {
        SecureHeaderRules.sessionCookieIsProtected(site(nginx, submission).signIn(), SESSION_COOKIE);
    }

    @Check(order = 8, points = 2, title = "The API's answers, its errors included, are never stored and not shared"
            + " with other sites along with credentials",
            hint = "An API answer holds a customer's data: Cache-Control decides whether a browser or a shared proxy"
                    + " keeps a copy, and only no-store forbids it. The application also opens its API to every"
                    + " origin with credentials; CORS headers it sends can be dropped or replaced on the way out.",
            teaches = "#security-headers")
    void the_api_is_never_stored_and_not_shared_with_credentials(LabNginx nginx, Submission submission) {
        SecureHeaderRules.apiIsNotStoredOrShared(site(nginx, submission).api());
    }

    @Check(order = 9, points = 2, title = "A ZAP baseline scan finds nothing of medium risk, and the Observatory"
            + " grades every response A or better",
            hint = "The scan and the grade read the same headers the other checks do, response by response: each alert"
                    + " names its ZAP rule and the response, and the Observatory's weakest response decides the grade.",
            teaches = "#scanning-in-ci")
    void passes_a_baseline_scan_and_grades_a(LabNginx nginx, Submission submission, TestReporter reporter) {
        reporter.publishEntry("message", SecureHeaderRules.passesBaselineScanAtGradeA(site(nginx, submission).all()));
    }
}
