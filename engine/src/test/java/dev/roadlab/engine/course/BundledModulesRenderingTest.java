package dev.roadlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestLabs;
import dev.roadlab.engine.links.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rendering on the real module files of the bundled course, as learners get them. */
class BundledModulesRenderingTest {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
    private final MarkdownRenderer renderer = new MarkdownRenderer(new Urls(""));
    private final Course course = CourseLoader.fromClasspath(getClass().getClassLoader(), renderer,
            TestLabs.bundledLabIds());

    private static String file(String path) throws IOException {
        try (InputStream in = BundledModulesRenderingTest.class.getClassLoader()
                .getResourceAsStream(CourseLoader.CLASSPATH_ROOT + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tables_render_with_their_header_cells() {
        String html = course.module("data-modeling").orElseThrow().html();
        assertThat(html).contains("<table>").contains("<th>Node</th>").contains("<td><code>Seq Scan</code></td>");
        assertThat(course.module("orientation").orElseThrow().html()).contains("<th>Verdict</th>");
    }

    @Test
    void code_blocks_carry_their_language_and_are_escaped() {
        String html = course.module("data-modeling").orElseThrow().html();
        assertThat(html).contains("<pre><code class=\"language-sql\">CREATE TABLE orders (")
                .contains("<pre><code class=\"language-text\">Limit  (cost=")
                .contains("<pre><code class=\"language-java\">static &lt;T&gt; T inTransaction(");
        assertThat(course.module("system-design").orElseThrow().html()).contains("<code class=\"language-lua\">");
        assertThat(course.module("api-security").orElseThrow().html()).contains("<code class=\"language-nginx\">");
    }

    @Test
    void every_heading_has_an_anchor_and_every_anchor_link_leads_to_one() {
        for (CourseModule module : course.modules()) {
            module.headings().forEach(h -> assertThat(module.html()).as(module.id())
                    .contains("<h" + h.level() + " id=\"" + h.id() + "\">"));
            Matcher links = HREF.matcher(module.html());
            while (links.find()) {
                String href = links.group(1);
                String target = href.startsWith("#") ? module.id() + href
                        : href.startsWith("/modules/") ? href.substring("/modules/".length()) : null;
                if (target == null || !target.contains("#")) {
                    continue;
                }
                String id = target.substring(0, target.indexOf('#'));
                String anchor = target.substring(target.indexOf('#') + 1);
                assertThat(course.module(id).orElseThrow().headings()).as(module.id() + " → " + href)
                        .extracting(Heading::id).contains(anchor);
            }
        }
        assertThat(course.module("data-modeling").orElseThrow().html())
                .contains("href=\"#heap-fetches-and-the-visibility-map\"")
                .contains("<h3 id=\"heap-fetches-and-the-visibility-map\">");
    }

    @Test
    void callouts_become_labelled_asides_in_every_module() {
        for (CourseModule module : course.modules()) {
            assertThat(module.html()).as(module.id()).contains("<aside class=\"callout callout-").doesNotContain("[!");
        }
        assertThat(course.module("orientation").orElseThrow().html())
                .contains("<p class=\"callout-label\">Note</p>").contains("<p class=\"callout-label\">Warning</p>");
    }

    @Test
    void images_point_at_the_course_files_and_load_lazily() {
        assertThat(course.module("data-modeling").orElseThrow().html())
                .contains("<img src=\"/course/images/btree-lookup.svg\" alt=\"A B-tree lookup for customer_id 4711");
        assertThat(course.files()).hasSize(8);
    }

    @Test
    void no_module_carries_script_event_handlers_or_inline_styles() {
        for (CourseModule module : course.modules()) {
            assertThat(module.html()).as(module.id()).doesNotContainIgnoringCase("<script")
                    .doesNotContainPattern(" on[a-z]+=").doesNotContain("style=").doesNotContain("javascript:");
        }
    }

    @Test
    void script_tags_and_javascript_links_added_to_a_real_module_are_escaped_and_neutralised() throws IOException {
        String module = FrontMatter.split(file("modules/02-api-security.md")).body() + """

                <script>alert(document.cookie)</script>

                A [harmless-looking link](javascript:alert(1)), a [shouty one](JAVASCRIPT:alert(2)) and
                <img src=x onerror=alert(3)>.
                """;
        String html = renderer.renderDocument(module, 1).html();
        assertThat(html).contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(3)&gt;")
                .doesNotContain("<script").doesNotContainIgnoringCase("javascript:").doesNotContain("<img src=x")
                .contains("<h2 id=\"security-headers\">");
    }
}
