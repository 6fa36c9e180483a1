package dev.roadlab.engine.course;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Renders course Markdown to HTML that is safe to put in a page: CommonMark with tables, strikethrough, autolinks,
 * task lists and heading anchors; raw HTML escaped; link URLs sanitized; {@code module:} and {@code lab:} links and
 * relative image paths turned into the mounted URLs.
 */
public final class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.create(), AutolinkExtension.create(), TaskListItemsExtension.create(),
            HeadingAnchorExtension.create());

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SafeUrls())
            .build();
    private final CourseLinks links;

    public MarkdownRenderer(CourseLinks links) {
        this.links = links;
    }

    public Node parse(String markdown) {
        return parser.parse(markdown);
    }

    public String render(String markdown) {
        Node document = parse(markdown);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                link.setDestination(resolve(link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                image.setDestination(resolveFile(image.getDestination()));
                visitChildren(image);
            }
        });
        return renderer.render(document);
    }

    private String resolve(String destination) {
        if (destination.startsWith("module:")) {
            String target = destination.substring("module:".length());
            int hash = target.indexOf('#');
            return hash < 0 ? links.module(target) : links.module(target.substring(0, hash)) + target.substring(hash);
        }
        if (destination.startsWith("lab:")) {
            return links.lab(destination.substring("lab:".length()));
        }
        return destination;
    }

    /**
     * Links may go to http(s), mail, an anchor or a path of our own; images may also be inline raster data. Anything
     * else (javascript:, data:text/html, vbscript:, file:) becomes an empty link.
     */
    static final class SafeUrls implements UrlSanitizer {

        private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
        private static final Pattern RASTER = Pattern.compile("^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$");

        @Override
        public String sanitizeLinkUrl(String url) {
            Matcher m = SCHEME.matcher(url.strip());
            if (!m.find()) {
                return url;
            }
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto") ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return RASTER.matcher(url.strip()).matches() ? url : sanitizeLinkUrl(url);
        }
    }

    private String resolveFile(String destination) {
        boolean relative = !destination.contains(":") && !destination.startsWith("/") && !destination.startsWith("#");
        return relative ? links.courseFile(destination) : destination;
    }
}
