package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The course pages as served: the path, a module, a lab, assets, headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesTest {

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("pages", TestSandboxes.servers(), 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void the_learning_path_lists_the_modules_in_order_with_their_labs() {
        HttpResponse<String> page = server.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .containsSubsequence("Orientation", "Data modeling at scale", "API security", "System design")
                .contains("href=\"/labs/audit-log-indexes\"")
                .contains("href=\"/labs/booking-isolation\"")
                .contains("href=\"/labs/distributed-rate-limiter\"");
    }

    @Test
    void every_page_carries_a_strict_content_security_policy() {
        HttpResponse<String> page = server.get("/modules/data-modeling");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe-inline")
                .contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=\"");
    }

    @Test
    void a_module_page_renders_its_markdown_with_links_resolved() {
        HttpResponse<String> page = server.get("/modules/data-modeling");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<h1>Data modeling at scale</h1>")
                .contains("<table>")
                .contains("href=\"/labs/audit-log-indexes\"")
                .contains("href=\"/labs/booking-isolation\"")
                .contains("Book a seat under concurrent load")
                .contains("src=\"/course/images/")
                .doesNotContain("](lab:");
    }

    @Test
    void a_module_page_has_a_table_of_contents_a_reading_time_callouts_and_code_for_the_highlighter() {
        String page = server.get("/modules/data-modeling").body();
        assertThat(page)
                .contains("<details class=\"toc\" open>")
                .contains("<li class=\"toc-h2\"><a href=\"#composite-index-order\">Composite index order</a></li>")
                .contains("<li class=\"toc-h3\"><a href=\"#heap-fetches-and-the-visibility-map\">")
                .contains("<h2 id=\"composite-index-order\">")
                .containsPattern("<span class=\"reading-time\">1[0-9] min read</span>")
                .contains("<aside class=\"callout callout-warning\" aria-label=\"Warning\">")
                .contains("<code class=\"language-sql\">")
                .containsSubsequence("/assets/highlight.min.js?v=", "/assets/highlight-nginx.min.js?v=",
                        "/assets/highlight-http.min.js?v=", "/assets/app.js?v=")
                .contains("rel=\"prev\" href=\"/modules/orientation\"")
                .contains("rel=\"next\" href=\"/modules/api-security\"");
    }

    @Test
    void the_vendored_highlighter_is_served_from_our_own_origin_with_its_licence_notice() {
        HttpResponse<String> script = server.get("/assets/highlight.min.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).startsWith("/*!\n  Highlight.js v11.12.0").contains("License: BSD-3-Clause");
        assertThat(server.get("/assets/highlight-nginx.min.js").body()).contains("`nginx` grammar");
        assertThat(getClass().getClassLoader().getResource("roadlab/assets/highlight.js-LICENSE.txt")).isNotNull();
    }

    @Test
    void every_page_has_a_search_box_and_search_finds_module_sections_and_labs_with_marked_snippets() {
        assertThat(server.get("/modules/orientation").body()).contains("<form class=\"site-search\" role=\"search\" "
                + "method=\"get\" action=\"/search\">");
        HttpResponse<String> page = server.get("/search?q=composite+index+order");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<a href=\"/modules/data-modeling#composite-index-order\"><mark>Composite</mark> "
                        + "<mark>index</mark> <mark>order</mark></a>")
                .contains("value=\"composite index order\"");
        assertThat(server.get("/search?q=hot+queries").body())
                .contains("<a href=\"/labs/audit-log-indexes\">Index an audit log for its <mark>hot</mark> "
                        + "<mark>queries</mark></a>");
    }

    @Test
    void search_escapes_what_it_is_given_and_says_when_nothing_matches() {
        String page = server.get("/search?q=%3Cscript%3Ezzqx(1)%3C%2Fscript%3E").body();
        assertThat(page).contains("value=\"&lt;script>zzqx(1)&lt;/script>\"").doesNotContain("<script>zzqx")
                .contains("Nothing in the course holds every one of those words.");
        assertThat(server.get("/search?q=" + "x".repeat(5_000)).statusCode()).isEqualTo(200);
        assertThat(server.get("/search").body()).contains("Search the course").doesNotContain("search-count");
    }

    @Test
    void head_answers_like_get_with_the_same_status_and_content_type_and_no_body() {
        for (String path : List.of("/", "/modules/orientation", "/labs/audit-log-indexes", "/search?q=index",
                "/labs/audit-log-indexes/starter/migration.sql", "/labs/audit-log-indexes/starter.zip",
                "/nowhere", "/labs/nowhere", "/modules/nowhere", "/api/submissions/nothing", "/assets/app.css")) {
            HttpResponse<String> get = server.get(path);
            HttpResponse<String> head = server.send(java.net.http.HttpRequest.newBuilder(server.uri(path))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("Content-Type")).as("HEAD " + path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValue("Cache-Control")).as("HEAD " + path)
                    .isEqualTo(get.headers().firstValue("Cache-Control"));
            assertThat(head.body()).as("HEAD " + path).isEmpty();
        }
    }

    @Test
    void search_and_error_pages_are_not_stored_like_every_other_page() {
        assertThat(server.get("/search?q=index").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get("/search").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get("/labs/nowhere").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get("/").headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void a_lab_page_shows_instructions_checks_and_the_upload_form() {
        HttpResponse<String> page = server.get("/labs/audit-log-indexes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Index an audit log for its hot queries")
                // The README's own "Checks" section lists them; the page does not list them again.
                .contains("<h2 id=\"checks\"").doesNotContain("What the grader checks")
                .contains("enctype=\"multipart/form-data\"")
                .contains("name=\"migration.sql\"")
                .contains("Up to 256 KB");
        assertThat(TestServer.cookies(page)).containsKey("__Host-roadlab-csrf");
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .contains("HttpOnly").contains("SameSite=Strict").contains("Secure").contains("Path=/"));
    }

    @Test
    void the_rate_limiter_lab_is_linked_from_its_module_and_takes_a_lua_script() {
        assertThat(server.get("/modules/system-design").body()).contains("href=\"/labs/distributed-rate-limiter\"");
        HttpResponse<String> page = server.get("/labs/distributed-rate-limiter");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("A rate limiter shared by many app instances")
                .contains("Three app instances with 16 threads each never exceed the limit together")
                .contains("name=\"limiter.lua\"")
                .contains("Up to 16 KB")
                .doesNotContain("](module:");
    }

    @Test
    void course_images_are_served_with_a_locked_down_policy() {
        HttpResponse<String> image = server.get("/course/images/btree-lookup.svg");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(image.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
                .contains("default-src 'none'").contains("sandbox"));
        assertThat(server.get("/course/../pom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void assets_are_served_with_long_caching_when_their_hash_matches() {
        HttpResponse<String> page = server.get("/");
        String css = page.body().replaceAll("(?s).*href=\"(/assets/app\\.css\\?v=[0-9a-f]+)\".*", "$1");
        HttpResponse<String> asset = server.get(css);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(asset.body()).contains("prefers-color-scheme: dark");
    }
}
