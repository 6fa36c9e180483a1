package dev.roadlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.links.Urls;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer(new Urls("/learn"));

    @Test
    void raw_html_is_escaped_not_rendered() {
        String html = renderer.render("Hello <script>alert(1)</script>\n\n<div onclick=\"x()\">hi</div>\n");
        assertThat(html).doesNotContain("<script>").doesNotContain("<div")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void javascript_links_are_neutralised() {
        String html = renderer.render("[click](javascript:alert(1)) and [data](data:text/html,x) and ![i](javascript:x)");
        assertThat(html).doesNotContain("javascript:").doesNotContain("data:text/html");
    }

    @Test
    void module_lab_and_image_links_point_under_the_mount_path() {
        String html = renderer.render("""
                See [indexes](module:data-modeling#composite-index-order) and [the lab](lab:audit-log-indexes).

                ![A B-tree](images/btree.svg)
                """);
        assertThat(html)
                .contains("href=\"/learn/modules/data-modeling#composite-index-order\"")
                .contains("href=\"/learn/labs/audit-log-indexes\"")
                .contains("<a rel=\"nofollow\" href=\"/learn/course/images/btree.svg\" class=\"full-size\" title=\"Open full size\">"
                        + "<img src=\"/learn/course/images/btree.svg\" alt=\"A B-tree\" loading=\"lazy\" decoding=\"async\" /></a>");
    }

    @Test
    void tables_strikethrough_task_lists_autolinks_and_heading_anchors_render() {
        String html = renderer.render("""
                ## Composite index order

                | a | b |
                |---|---|
                | 1 | 2 |

                ~~gone~~ and https://www.postgresql.org/docs/

                - [x] done
                - [ ] todo
                """);
        assertThat(html)
                .contains("<h2 id=\"composite-index-order\">")
                .contains("<table>").contains("<td>1</td>")
                .contains("<del>gone</del>")
                .contains("href=\"https://www.postgresql.org/docs/\"")
                .contains("type=\"checkbox\"");
    }

    @Test
    void fenced_code_keeps_its_language_for_the_highlighter_and_is_escaped() {
        String html = renderer.render("```sql\nSELECT '<b>' FROM t;\n```\n");
        assertThat(html).contains("<pre><code class=\"language-sql\">SELECT '&lt;b&gt;' FROM t;\n</code></pre>");
    }

    @Test
    void alert_quotes_become_labelled_callouts_and_other_quotes_stay_quotes() {
        String html = renderer.render("""
                > [!WARNING]
                > `CREATE INDEX` blocks writes.

                > [!tip]
                >
                > Two paragraphs.
                >
                > Still the tip.

                > A plain quotation.

                > [!NOTE]

                > [!NOTE] with text on the marker line stays a quote, as on GitHub.
                """);
        assertThat(html)
                .contains("<aside class=\"callout callout-warning\" aria-label=\"Warning\">\n"
                        + "<p class=\"callout-label\">Warning</p>\n<p><code>CREATE INDEX</code> blocks writes.</p>\n</aside>")
                .contains("<aside class=\"callout callout-tip\" aria-label=\"Tip\">\n<p class=\"callout-label\">Tip</p>\n"
                        + "<p>Two paragraphs.</p>\n<p>Still the tip.</p>\n</aside>")
                .contains("<blockquote>\n<p>A plain quotation.</p>\n</blockquote>")
                .contains("<blockquote>\n<p>[!NOTE]</p>\n</blockquote>")
                .contains("<p>[!NOTE] with text on the marker line stays a quote, as on GitHub.</p>");
    }

    @Test
    void headings_get_the_same_ids_in_the_html_and_in_the_table_of_contents() {
        RenderedMarkdown doc = renderer.renderDocument("""
                ## Reading `EXPLAIN` output

                ### Answers

                ## Check yourself

                ### Answers
                """, 10);
        assertThat(doc.headings()).extracting(Heading::id)
                .containsExactly("reading-explain-output", "answers", "check-yourself", "answers-1");
        assertThat(doc.headings()).extracting(Heading::text)
                .containsExactly("Reading EXPLAIN output", "Answers", "Check yourself", "Answers");
        assertThat(doc.headings()).extracting(Heading::line).containsExactly(10, 12, 14, 16);
        doc.headings().forEach(h -> assertThat(doc.html()).contains("id=\"" + h.id() + "\""));
    }

    @Test
    void links_and_images_are_collected_as_written_with_their_file_lines() {
        RenderedMarkdown doc = renderer.renderDocument("""
                Intro with [a module](module:api-security#headers).

                | Lab |
                |---|
                | [the lab](lab:audit-log-indexes) |

                > [!NOTE]
                > ![diagram](images/x.svg)
                """, 5);
        assertThat(doc.references()).containsExactly(
                new Reference(false, "module:api-security#headers", 5),
                new Reference(false, "lab:audit-log-indexes", 9),
                new Reference(true, "images/x.svg", 12));
    }

    @Test
    void sections_hold_the_plain_text_under_each_heading_and_words_are_counted() {
        RenderedMarkdown doc = renderer.renderDocument("""
                Before any *heading*.

                ## Keys

                Use `bigint` keys.

                ```sql
                SELECT 1;
                ```

                #### Deep

                Stays in Keys.
                """, 1);
        assertThat(doc.sections()).containsExactly(
                new Section("", "", "Before any heading."),
                new Section("keys", "Keys", "Use bigint keys. SELECT 1; Deep Stays in Keys."));
        assertThat(doc.words()).isEqualTo(3 + 1 + 3 + 2 + 1 + 3);
    }
}
