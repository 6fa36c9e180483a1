package dev.roadlab.engine.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.web.Urls;
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
                .contains("src=\"/learn/course/images/btree.svg\"");
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
}
