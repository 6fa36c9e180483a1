package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The course as a person sees it, in a real browser: Debian's chromium, headless, driven through its chromedriver.
 * Opens the learning path, a module and a lab page on a real server, reads what is visible, marks a module read,
 * passes the lab through its form, searches, and looks at the dark and the narrow layouts. Every page must load
 * without a Content-Security-Policy violation or a console error. Screenshots are kept in target/screenshots.
 *
 * <p>Fails, never skips, when chromium or chromedriver is missing: {@code apt-get install chromium chromium-driver}
 * (.ci/run does it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("roadlab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("roadlab.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("roadlab.screenshots", "target/screenshots"));
    /** Deadlines for what the page should come to show; generous, since the machine may be busy with other builds. */
    static final Duration PAGE = Duration.ofSeconds(30);
    static final Duration GRADING = Duration.ofSeconds(180);

    /**
     * Runs before any page script and outside the page's CSP: records every violation the browser reports, and every
     * check a grading page adds to its live list after the page has loaded (so pushed by the event stream, not
     * rendered by the server), in sessionStorage, which outlives the page's reload when the report arrives.
     */
    static final String RECORD_CSP_VIOLATIONS = """
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', function (e) {
              window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at '
                + e.sourceFile + ':' + e.lineNumber);
            });
            new MutationObserver(function (records) {
              if (document.readyState !== 'complete') { return; }
              records.forEach(function (r) {
                r.addedNodes.forEach(function (n) {
                  if (n.nodeType === 1 && n.matches('#live-checks > li')) {
                    var pushed = JSON.parse(sessionStorage.getItem('pushedChecks') || '[]');
                    pushed.push(n.textContent);
                    sessionStorage.setItem('pushedChecks', JSON.stringify(pushed));
                  }
                });
              });
            }).observe(document, { childList: true, subtree: true });
            """;

    private TestServer server;
    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        Files.createDirectories(SCREENSHOTS);
        Path data = Files.createTempDirectory("roadlab-browser");
        server = TestServer.start(RoadlabConfig.defaults()
                .withData(new RoadlabConfig.Data(data))
                .withDatabase(TestDatabases.h2(data))
                .withSandboxes(TestSandboxes.servers())
                .withGrading(new RoadlabConfig.Grading(1)));

        profile = Files.createTempDirectory("roadlab-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_CSP_VIOLATIONS));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** After every step: nothing the CSP blocked, nothing the console reported as an error. */
    @AfterEach
    void the_page_broke_no_rule() {
        Object violations = browser.executeScript("return window.__cspViolations || [];");
        assertThat((List<?>) violations).as("CSP violations on " + browser.getCurrentUrl()).isEmpty();
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() || entry.getMessage().contains("Content Security Policy")) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("console errors").isEmpty();
    }

    private void open(String path) {
        browser.get(server.uri(path).toString());
        waitFor().until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, PAGE);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String css(WebElement element, String property) {
        return element.getCssValue(property);
    }

    /** The whole page, not just the window: sized from the layout, captured beyond the viewport. */
    @SuppressWarnings("unchecked")
    private void screenshot(String name) {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 12_000);
        save(name, browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1))));
    }

    /** What is in the window now, as a reader sees it (long module pages would be unreadable whole). */
    private void screenshotWindow(String name) {
        save(name, browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png")));
    }

    private void save(String name, Map<String, Object> shot) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void the_path_shows_every_module_in_order_with_its_labs_and_no_progress_yet() {
        open("/");
        assertThat(browser.getTitle()).isEqualTo("Learning path · The 2026 Backend Roadmap");
        assertThat(text("h1")).isEqualTo("The 2026 Backend Roadmap");
        List<String> modules = browser.findElements(By.cssSelector(".path-step h2")).stream().map(WebElement::getText)
                .toList();
        assertThat(modules).containsExactly("Orientation", "Data modeling at scale", "API security",
                "Stateless infrastructure", "System design");
        WebElement overall = browser.findElement(By.id("overall-progress"));
        assertThat(overall.isDisplayed()).isTrue();
        assertThat(overall.getDomAttribute("value")).isEqualTo("0");
        assertThat(text(".overall .progress-count")).startsWith("0 of ");
        assertThat(text(".lab-chip")).contains("Index an audit log for its hot queries").contains("Not started");
        assertThat(browser.findElements(By.cssSelector(".state-badge")))
                .allSatisfy(b -> assertThat(b.getText()).isEqualTo("Not started"));
        screenshot("01-path");
    }

    @Test
    @Order(2)
    void a_module_shows_its_contents_reading_time_highlighted_code_callouts_and_diagrams() {
        open("/");
        browser.findElement(By.linkText("Data modeling at scale")).click();
        waitFor().until(ExpectedConditions.titleContains("Data modeling at scale"));
        assertThat(text("h1")).isEqualTo("Data modeling at scale");
        assertThat(text(".reading-time")).matches("(?i)\\d+ min read");

        WebElement toc = browser.findElement(By.cssSelector("details.toc"));
        assertThat(toc.isDisplayed()).isTrue();
        assertThat(toc.getDomProperty("open")).isEqualTo("true");
        assertThat(toc.findElements(By.cssSelector("a")).stream().map(WebElement::getText).toList())
                .contains("Composite index order", "Check yourself");

        // highlight.js, served from our own origin, has coloured the SQL: keywords differ from plain text.
        WebElement keyword = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("pre code.language-sql.hljs .hljs-keyword")));
        assertThat(keyword.getText()).startsWith("CREATE");
        WebElement code = keyword.findElement(By.xpath("ancestor::code"));
        assertThat(css(keyword, "color")).isNotEqualTo(css(code, "color"));

        WebElement warning = browser.findElement(By.cssSelector("aside.callout-warning"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", warning);
        assertThat(warning.isDisplayed()).isTrue();
        assertThat(warning.findElement(By.cssSelector(".callout-label")).getText()).isEqualTo("Warning");

        WebElement diagram = browser.findElement(By.cssSelector(".prose img[src$='btree-lookup.svg']"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", diagram);
        waitFor().until(d -> ((Number) browser.executeScript("return arguments[0].complete && "
                + "arguments[0].naturalWidth", diagram)).intValue() > 0);
        assertThat(diagram.getSize().getWidth()).isLessThanOrEqualTo(
                browser.findElement(By.cssSelector(".prose")).getSize().getWidth());

        toc.findElement(By.linkText("Composite index order")).click();
        waitFor().until(ExpectedConditions.urlContains("#composite-index-order"));
        WebElement heading = browser.findElement(By.id("composite-index-order"));
        waitFor().until(d -> ((Number) browser.executeScript(
                "return arguments[0].getBoundingClientRect().top", heading)).doubleValue() < 300);
        screenshotWindow("02-module-section");
        browser.executeScript("window.scrollTo(0, 0)");
        screenshotWindow("02-module-top");
    }

    @Test
    @Order(3)
    void marking_a_module_read_moves_the_path() {
        open("/modules/data-modeling");
        WebElement mark = browser.findElement(By.xpath("//button[normalize-space()='Mark as read']"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", mark);
        mark.click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("progress"),
                "You marked this module as read."));
        assertThat(text(".module-header .state-badge")).isEqualTo("Read · 0 of 2 labs passed");

        open("/");
        assertThat(browser.findElement(By.id("overall-progress")).getDomAttribute("value")).isEqualTo("1");
        assertThat(browser.findElement(By.id("progress-data-modeling")).getDomAttribute("value")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector(".path-step .state-badge")).get(1).getText())
                .isEqualTo("Read · 0 of 2 labs passed");
    }

    @Test
    @Order(4)
    void a_lab_page_shows_its_checks_and_grades_an_upload_that_then_counts_on_the_path() throws IOException {
        open("/");
        browser.findElement(By.cssSelector(".lab-chip")).click();
        waitFor().until(ExpectedConditions.titleContains("Index an audit log for its hot queries"));
        assertThat(text("h1")).isEqualTo("Index an audit log for its hot queries");
        // The README lists the checks in its own section; the page does not list them a second time.
        assertThat(browser.findElement(By.id("checks")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("section.checks"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".prose pre code.hljs")).isDisplayed()).isTrue();
        screenshot("03-lab");

        Path migration = Files.writeString(Files.createTempDirectory("roadlab-upload").resolve("migration.sql"),
                SubmissionEndToEndTest.SOLUTION);
        browser.findElement(By.id("file-migration.sql")).sendKeys(migration.toString());
        browser.findElement(By.xpath("//button[normalize-space()='Grade my submission']")).click();
        new WebDriverWait(browser, GRADING).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("h1 .verdict-passed")));
        assertThat(text("h1")).containsIgnoringCase("passed").contains("14 / 14 points");
        screenshot("04-submission");

        open("/");
        assertThat(text(".lab-chip")).contains("Passed");
        assertThat(browser.findElements(By.cssSelector(".path-step .state-badge")).get(1).getText())
                .isEqualTo("Read · 1 of 2 labs passed");
        screenshot("05-path-with-progress");
    }

    @Test
    @Order(5)
    void the_search_box_finds_a_section_and_leads_to_it() {
        open("/");
        WebElement box = browser.findElement(By.id("site-search-q"));
        box.sendKeys("composite index", Keys.ENTER);
        waitFor().until(ExpectedConditions.titleContains("Search: composite index"));
        List<WebElement> hits = browser.findElements(By.cssSelector(".search-hit"));
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().findElements(By.tagName("mark"))).isNotEmpty();
        screenshot("06-search");
        hits.getFirst().findElement(By.cssSelector("h2 a")).click();
        waitFor().until(ExpectedConditions.urlContains("/modules/data-modeling#"));
    }

    @Test
    @Order(6)
    void dark_mode_follows_the_system_setting() {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            open("/modules/orientation");
            assertThat(css(browser.findElement(By.tagName("body")), "background-color")).isEqualTo("rgba(13, 17, 23, 1)");
            assertThat(css(browser.findElement(By.tagName("body")), "color")).isEqualTo("rgba(230, 237, 243, 1)");
            screenshotWindow("07-module-dark");
            browser.findElement(By.linkText("How labs are graded")).click();
            waitFor().until(ExpectedConditions.urlContains("#how-labs-are-graded"));
            screenshotWindow("07-module-dark-section");
            open("/");
            screenshot("08-path-dark");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(7)
    void on_a_narrow_screen_the_contents_fold_above_the_text() {
        Dimension wide = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(400, 860));
        try {
            open("/modules/api-security");
            WebElement toc = browser.findElement(By.cssSelector("details.toc"));
            assertThat(toc.getDomProperty("open")).isEqualTo("false");
            assertThat(toc.getLocation().getY()).isLessThan(
                    browser.findElement(By.cssSelector(".prose")).getLocation().getY());
            Object wider = browser.executeScript("""
                    var width = document.documentElement.clientWidth;
                    return Array.prototype.filter.call(document.querySelectorAll('body *'), function (e) {
                      return e.getBoundingClientRect().right > width + 1 && !e.closest('pre, table');
                    }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60); });
                    """);
            assertThat((List<?>) wider).as("elements wider than the screen (pre and tables scroll inside)").isEmpty();
            screenshotWindow("09-module-narrow");
        } finally {
            browser.manage().window().setSize(wide);
        }
    }

    static final String FIRST_ATTEMPT = "CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);";
    static final String SECOND_STATEMENT = " CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);";

    /** The checks the grading page received from its event stream since the last call, as their text. */
    @SuppressWarnings("unchecked")
    private List<String> takePushedChecks() {
        List<String> pushed = (List<String>) browser.executeScript(
                "var p = JSON.parse(sessionStorage.getItem('pushedChecks') || '[]');"
                        + " sessionStorage.removeItem('pushedChecks'); return p;");
        return pushed;
    }

    /** WCAG 2 contrast ratio of an element's text colour on its background colour (both opaque rgb). */
    private double contrast(WebElement element) {
        return ((Number) browser.executeScript("""
                function lum(c) {
                  var v = c.match(/[\\d.]+/g).slice(0, 3).map(function (x) {
                    x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
                }
                var s = getComputedStyle(arguments[0]);
                var a = lum(s.color), b = lum(s.backgroundColor);
                return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                """, element)).doubleValue();
    }

    /** Types into the lab page's CodeMirror editor for migration.sql, as a person would, at the end of its text. */
    private void typeInEditor(String text, boolean replaceAll) {
        WebElement content = editorContent();
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", content);
        content.click();
        if (replaceAll) {
            content.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        } else {
            content.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        }
        content.sendKeys(text);
        content.sendKeys(Keys.ESCAPE); // closes a completion popup, if one is open
    }

    /** The editable part of the CodeMirror editor for migration.sql, inside the editor's shadow root. */
    private WebElement editorContent() {
        return waitFor().until(d -> {
            List<WebElement> hosts = browser.findElements(By.cssSelector(".code-editor[data-for='edit-migration.sql']"));
            if (hosts.isEmpty()) {
                return null;
            }
            List<WebElement> content = hosts.getFirst().getShadowRoot().findElements(By.cssSelector(".cm-content"));
            return content.isEmpty() || !content.getFirst().isDisplayed() ? null : content.getFirst();
        });
    }

    private String textarea() {
        return (String) browser.executeScript("return document.getElementById('edit-migration.sql').value");
    }

    /** Waits for the report after a submit from the page, checking the checks arrived live first. */
    private void awaitReportWithLiveChecks() {
        new WebDriverWait(browser, GRADING).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("h1 .verdict")));
        List<String> pushed = takePushedChecks();
        assertThat(pushed).as("checks pushed to the grading page by its event stream").isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsPattern("(passed|failed|error) .* \\d+ / \\d+ · \\d"));
    }

    @Test
    @Order(8)
    void a_new_learner_edits_the_starter_in_the_page_watches_checks_arrive_fixes_a_failure_and_sees_both_attempts()
            throws Exception {
        browser.manage().deleteAllCookies();
        open("/labs/audit-log-indexes");
        String starter = new String(server.roadlab().labs().get("audit-log-indexes").starter().files()
                .get("migration.sql"), java.nio.charset.StandardCharsets.UTF_8);

        // Download: the starter file behind the link is the one in the editor.
        WebElement download = browser.findElement(By.cssSelector(".starter-files a[href$='/starter/migration.sql']"));
        Object downloaded = browser.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; fetch(arguments[0]).then(function (r) { return r.text(); })"
                        + ".then(done, function (e) { done('failed: ' + e); });", download.getDomProperty("href"));
        assertThat(downloaded).isEqualTo(starter);
        assertThat(browser.findElement(By.cssSelector(".starter-files a[href$='/starter.zip']")).isDisplayed()).isTrue();

        // The editor is CodeMirror, served by us, holding the starter; the textarea it replaces is hidden.
        WebElement editor = editorContent();
        assertThat(browser.findElement(By.id("edit-migration.sql")).isDisplayed()).isFalse();
        assertThat(editor.getText().strip()).isEqualTo(starter.strip());
        screenshot("10-lab-editor-starter");

        typeInEditor(FIRST_ATTEMPT, true);
        assertThat(textarea()).as("%s", textarea().codePoints().boxed().toList()).isEqualTo(FIRST_ATTEMPT);
        // SQL is highlighted: the keyword is a token of its own, coloured unlike the plain text around it.
        Object keyword = browser.executeScript("""
                var root = document.querySelector(".code-editor[data-for='edit-migration.sql']").shadowRoot;
                var span = Array.prototype.find.call(root.querySelectorAll('.cm-line span'),
                  function (s) { return s.textContent === 'CREATE'; });
                return span ? [getComputedStyle(span).color, getComputedStyle(span.closest('.cm-line')).color] : null;
                """);
        assertThat((List<?>) keyword).isNotNull().doesNotHaveDuplicates();
        browser.findElement(By.xpath("//button[normalize-space()='Grade the edited files']")).click();
        awaitReportWithLiveChecks();
        screenshot("11-first-attempt-report");

        // What failed comes first, under the summary, with a hint; then an offer to edit and resubmit.
        assertThat(text("#summary")).matches("\\d of 7 checks failed, \\d+/14 points\\.");
        WebElement firstCheck = browser.findElement(By.cssSelector(".report > li"));
        assertThat(firstCheck.getDomAttribute("class")).doesNotContain("check-passed");
        assertThat(firstCheck.findElement(By.cssSelector(".hint")).getText()).matches("(?s)Hint( 1 of \\d+)?: .{10,}");
        assertThat(browser.findElement(By.cssSelector(".report")).getText()).doesNotContain("==> expected");
        assertThat(browser.findElements(By.cssSelector(".attempt-diff"))).isEmpty();

        browser.findElement(By.id("edit-resubmit")).click();
        waitFor().until(ExpectedConditions.urlContains("/labs/audit-log-indexes#editor"));
        waitFor().until(d -> textarea().equals(FIRST_ATTEMPT));
        assertThat(text(".editor-form .field-help")).isEqualTo("Your last attempt, ready to change.");
        typeInEditor(SECOND_STATEMENT, false);
        assertThat(textarea()).isEqualTo(FIRST_ATTEMPT + SECOND_STATEMENT);
        browser.findElement(By.xpath("//button[normalize-space()='Grade the edited files']")).click();
        awaitReportWithLiveChecks();
        assertThat(text("h1")).containsIgnoringCase("passed").contains("14 / 14 points");
        WebElement added = browser.findElement(By.cssSelector(".attempt-diff .diff-added"));
        assertThat(added.getText()).isEqualTo("+" + FIRST_ATTEMPT + SECOND_STATEMENT);
        assertThat(browser.findElement(By.cssSelector(".attempt-diff .diff-removed")).getText())
                .isEqualTo("-" + FIRST_ATTEMPT);
        screenshot("12-second-attempt-report-with-diff");

        open("/labs/audit-log-indexes");
        List<WebElement> attempts = browser.findElements(By.cssSelector(".attempt-list tbody tr"));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).getText()).contains("PASSED").contains("14 / 14");
        assertThat(attempts.get(1).getText()).contains("FAILED");
        assertThat(browser.findElements(By.cssSelector(".score-chart circle.chart-point"))).hasSize(2);
        // A long line scrolls inside the editor; the page itself does not get wider than the window.
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
        WebElement attemptsSection = browser.findElement(By.cssSelector("section.attempts"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", attemptsSection);
        screenshotWindow("13-lab-attempts");

        // Verdict badges are readable (WCAG AA, 4.5:1) in both themes.
        for (String scheme : List.of("light", "dark")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            try {
                for (WebElement badge : browser.findElements(By.cssSelector(".attempt-list .verdict"))) {
                    assertThat(contrast(badge)).as(scheme + " " + badge.getText()).isGreaterThanOrEqualTo(4.5);
                }
            } finally {
                browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            }
        }

        // Code blocks in the text have a copy button.
        open("/modules/data-modeling");
        assertThat(browser.findElements(By.cssSelector(".prose pre > button.copy-code"))).isNotEmpty();
    }

    @Test
    @Order(9)
    void without_javascript_a_learner_uploads_then_fixes_in_the_textarea_and_the_page_refreshes_to_each_report()
            throws Exception {
        browser.manage().deleteAllCookies();
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            open("/labs/audit-log-indexes");
            assertThat(browser.findElements(By.cssSelector(".code-editor"))).isEmpty();
            WebElement area = browser.findElement(By.id("edit-migration.sql"));
            assertThat(area.isDisplayed()).isTrue();

            Path upload = Files.writeString(Files.createTempDirectory("roadlab-nojs").resolve("migration.sql"),
                    FIRST_ATTEMPT + "\n");
            browser.findElement(By.id("file-migration.sql")).sendKeys(upload.toString());
            browser.findElement(By.xpath("//button[normalize-space()='Grade my submission']")).click();
            // The page reloads itself (meta refresh in noscript) until the report is in.
            new WebDriverWait(browser, GRADING).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("h1 .verdict-failed")));
            assertThat(text("#summary")).contains("checks failed");
            screenshot("14-nojs-first-report");

            open("/labs/audit-log-indexes");
            area = browser.findElement(By.id("edit-migration.sql"));
            assertThat(area.getDomProperty("value")).isEqualTo(FIRST_ATTEMPT + "\n");
            area.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), SECOND_STATEMENT.strip(), Keys.ENTER);
            browser.findElement(By.xpath("//button[normalize-space()='Grade the edited files']")).click();
            new WebDriverWait(browser, GRADING).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("h1 .verdict-passed")));
            assertThat(browser.findElement(By.cssSelector(".attempt-diff .diff-added")).getText())
                    .isEqualTo("+" + SECOND_STATEMENT.strip());
            open("/labs/audit-log-indexes");
            assertThat(browser.findElements(By.cssSelector(".attempt-list tbody tr"))).hasSize(2);
            screenshot("15-nojs-lab-attempts");
        } finally {
            browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
    }

    @Test
    @Order(10)
    void an_instructor_reads_the_gradebook_sorts_it_and_sees_a_labs_score_chart() {
        var roadlab = server.roadlab();
        String password = "correct horse battery staple";
        var ines = roadlab.accounts().create("ines", "Ines Instructor", password,
                dev.roadlab.engine.accounts.Role.INSTRUCTOR, java.util.Optional.empty());
        var instructor = dev.roadlab.engine.accounts.Caller.signedIn(ines, "test");
        var cohort = roadlab.cohorts().create(instructor, "Spring bootcamp", roadlab.course().id()).id();
        String token = roadlab.cohorts().createInvite(instructor, cohort, 7).orElseThrow().token();
        var lab = roadlab.labs().get("audit-log-indexes");
        List<String> pending = new ArrayList<>();
        for (var learner : List.of(List.of("ada", "Ada Lovelace"), List.of("bob", "Bob Builder"))) {
            var account = roadlab.accounts().create(learner.get(0), learner.get(1), password,
                    dev.roadlab.engine.accounts.Role.LEARNER, java.util.Optional.empty());
            var caller = dev.roadlab.engine.accounts.Caller.signedIn(account, "test");
            roadlab.cohorts().join(caller, token);
            pending.add(roadlab.submissions().submit(lab.id(),
                    learner.get(0).equals("ada") ? lab.solution() : lab.starter(), caller));
        }

        // The instructor signs in through the real sign-in page, which brings them back to the gradebook.
        browser.manage().deleteAllCookies();
        String gradebook = "/cohorts/" + cohort.value() + "/gradebook";
        open("/sign-in?next=" + java.net.URLEncoder.encode(gradebook, java.nio.charset.StandardCharsets.UTF_8));
        browser.findElement(By.id("login")).sendKeys("ines");
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        waitFor().until(ExpectedConditions.urlContains(gradebook));
        assertThat(browser.findElement(By.linkText("Cohorts")).isDisplayed()).as("the header links the cohorts")
                .isTrue();
        new WebDriverWait(browser, GRADING).until(d -> {
            if (d.findElements(By.cssSelector(".cell-score")).stream().filter(e -> e.getText().contains("/ 14"))
                    .count() == pending.size()) {
                return true;
            }
            open(gradebook);
            return false;
        });
        WebElement table = browser.findElement(By.id("gradebook"));
        assertThat(table.isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#gradebook tbody tr")).stream()
                .map(r -> r.getDomAttribute("data-login")).toList()).containsExactly("ada", "bob");
        assertThat(text("#gradebook tr[data-login='ada'] td[data-lab='audit-log-indexes'] .cell-score"))
                .isEqualTo("14 / 14");
        assertThat(text("#row-count")).isEqualTo("2 of 2 learners shown.");
        screenshot("16-instructor-gradebook");

        // Sorting by total, highest first, is a plain link the server answers.
        browser.findElement(By.linkText("Total")).click();
        waitFor().until(ExpectedConditions.urlContains("sort=total"));
        assertThat(browser.findElement(By.xpath("//th[a[normalize-space()='Total']]")).getDomAttribute("aria-sort"))
                .isEqualTo("descending");
        // Filtering to those who have not passed leaves Bob.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-lab")))
                .selectByValue("audit-log-indexes");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-status")))
                .selectByValue("not-passed");
        browser.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        waitFor().until(ExpectedConditions.urlContains("status=not-passed"));
        assertThat(browser.findElements(By.cssSelector("#gradebook tbody tr")).stream()
                .map(r -> r.getDomAttribute("data-login")).toList()).containsExactly("bob");

        // The lab's charts: the histogram of best scores and what stops the cohort, drawn as SVG.
        open("/cohorts/" + cohort.value() + "/labs/audit-log-indexes");
        WebElement histogram = browser.findElement(By.cssSelector("#score-histogram svg"));
        assertThat(histogram.isDisplayed()).isTrue();
        assertThat(histogram.getSize().getWidth()).isGreaterThan(200);
        assertThat(browser.findElements(By.cssSelector("#score-histogram rect.histogram-bar"))).hasSize(10);
        assertThat(text("#pass-rate")).isEqualTo("50%");
        WebElement checks = browser.findElement(By.cssSelector("#check-chart svg"));
        assertThat(checks.isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#check-chart rect.check-bar")))
                .hasSize(lab.checks().size());
        assertThat(css(browser.findElement(By.cssSelector("#score-histogram rect.histogram-bar")), "fill"))
                .as("bars styled from app.css").isNotEqualTo("rgb(0, 0, 0)");
        screenshot("17-instructor-lab-charts");

        // The cohort's own page: its members, an invite link made in the page, the deadlines form.
        open("/cohorts/" + cohort.value());
        browser.findElement(By.xpath("//button[normalize-space()='Make an invite link']")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("new-invite-link")));
        assertThat(browser.findElement(By.id("new-invite-link")).getDomProperty("value"))
                .matches("http://127\\.0\\.0\\.1:[0-9]+/join/[A-Za-z0-9_-]{43}");
        assertThat(browser.findElements(By.cssSelector("#member-list tbody tr"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#invite-list tbody tr"))).hasSize(2);
        screenshot("18-instructor-cohort");
        browser.manage().deleteAllCookies();
    }
}
