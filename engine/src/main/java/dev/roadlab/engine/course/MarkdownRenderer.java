package dev.roadlab.engine.course;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Renders course Markdown to HTML that is safe to put in a page: CommonMark with tables, strikethrough, autolinks,
 * task lists, heading anchors and callouts ({@code > [!NOTE]}); raw HTML escaped; link URLs sanitized;
 * {@code module:} and {@code lab:} links and relative image paths turned into the mounted URLs. Fenced code keeps its
 * language as {@code class="language-sql"} for the highlighter the pages load.
 *
 * <p>Heading ids are computed here, once, and used both for the HTML and for the table of contents, so the two can
 * never disagree.
 */
public final class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.create(), AutolinkExtension.create(), TaskListItemsExtension.create(),
            CalloutExtension.create());

    private final Parser parser = Parser.builder()
            .extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();
    private final CourseLinks links;

    public MarkdownRenderer(CourseLinks links) {
        this.links = links;
    }

    /** Just the HTML (lab instructions). */
    public String render(String markdown) {
        return renderDocument(markdown, 1).html();
    }

    /**
     * Renders a document and collects its headings, sections, references and word count.
     *
     * @param firstLine the line of its file the Markdown starts at (after front matter), so lines name the file's
     */
    public RenderedMarkdown renderDocument(String markdown, int firstLine) {
        Node document = parser.parse(markdown);
        Map<Node, String> headingIds = new IdentityHashMap<>();
        List<dev.roadlab.engine.course.Heading> headings = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        Map<Node, Boolean> fullSizeLinks = new IdentityHashMap<>();
        IdGenerator ids = IdGenerator.builder().defaultId("section").build();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String text = headingText(heading);
                String id = ids.generateId(text.toLowerCase(Locale.ROOT));
                headingIds.put(heading, id);
                headings.add(new dev.roadlab.engine.course.Heading(heading.getLevel(), id, text,
                        line(heading, firstLine)));
                visitChildren(heading);
            }

            @Override
            public void visit(Link link) {
                references.add(new Reference(false, link.getDestination(), line(link, firstLine)));
                link.setDestination(resolve(link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                references.add(new Reference(true, image.getDestination(), line(image, firstLine)));
                image.setDestination(resolveFile(image.getDestination()));
                images.add(image);
                visitChildren(image);
            }
        });
        // A diagram opens full size when followed (on a narrow screen it is drawn small); wrapped after the visit,
        // which moving a node would cut short. An image that is already a link keeps its own.
        for (Image image : images) {
            if (!(image.getParent() instanceof Link)) {
                Link full = new Link(image.getDestination(), null);
                image.insertBefore(full);
                full.appendChild(image);
                fullSizeLinks.put(full, Boolean.TRUE);
            }
        }
        List<Section> sections = sections(document, headingIds);
        int words = sections.stream().mapToInt(s -> countWords(s.title()) + countWords(s.text())).sum();
        String html = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .urlSanitizer(new SafeUrls())
                .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                    if (node instanceof Heading && headingIds.containsKey(node)) {
                        attributes.put("id", headingIds.get(node));
                    }
                    if (fullSizeLinks.containsKey(node)) {
                        attributes.put("class", "full-size");
                        attributes.put("title", "Open full size");
                    }
                    if (node instanceof Image) {
                        attributes.put("loading", "lazy");
                        attributes.put("decoding", "async");
                    }
                })
                .build()
                .render(document);
        return new RenderedMarkdown(html, headings, sections, references, words);
    }

    /** The text under each level-2 and level-3 heading of the top level; deeper headings stay in their section. */
    private static List<Section> sections(Node document, Map<Node, String> headingIds) {
        List<Section> sections = new ArrayList<>();
        String anchor = "";
        String title = "";
        StringBuilder text = new StringBuilder();
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof Heading heading && heading.getLevel() <= 3) {
                if (!title.isEmpty() || !text.isEmpty()) {
                    sections.add(new Section(anchor, title, collapse(text)));
                }
                anchor = headingIds.get(heading);
                title = headingText(heading);
                text.setLength(0);
            } else {
                appendText(block, text);
            }
        }
        if (!title.isEmpty() || !text.isEmpty()) {
            sections.add(new Section(anchor, title, collapse(text)));
        }
        return sections;
    }

    /** Text and inline code of a heading, as its anchor and the table of contents use it. */
    private static String headingText(Heading heading) {
        StringBuilder text = new StringBuilder();
        heading.accept(new AbstractVisitor() {
            @Override
            public void visit(Text node) {
                text.append(node.getLiteral());
            }

            @Override
            public void visit(Code node) {
                text.append(node.getLiteral());
            }
        });
        return text.toString().strip();
    }

    /** The plain text of a block: prose, inline code, code blocks, alt text; blocks separated by spaces. */
    private static void appendText(Node block, StringBuilder out) {
        block.accept(new AbstractVisitor() {
            @Override
            public void visit(Text node) {
                out.append(node.getLiteral());
            }

            @Override
            public void visit(Code node) {
                out.append(node.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock node) {
                out.append(' ').append(node.getLiteral()).append(' ');
            }

            @Override
            public void visit(IndentedCodeBlock node) {
                out.append(' ').append(node.getLiteral()).append(' ');
            }

            @Override
            public void visit(SoftLineBreak node) {
                out.append(' ');
            }

            @Override
            public void visit(HardLineBreak node) {
                out.append(' ');
            }

            @Override
            public void visit(Paragraph node) {
                out.append(' ');
                visitChildren(node);
            }

            @Override
            public void visit(ListItem node) {
                out.append(' ');
                visitChildren(node);
            }

            @Override
            public void visit(Heading node) {
                out.append(' ');
                visitChildren(node);
            }

            @Override
            public void visit(CustomBlock node) {
                out.append(' ');
                visitChildren(node);
            }

            @Override
            public void visit(CustomNode node) {
                out.append(' ');
                visitChildren(node);
            }
        });
    }

    private static String collapse(CharSequence text) {
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    private static int countWords(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    /** The file line of a node: its own source span, else its nearest ancestor's. */
    private static int line(Node node, int firstLine) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.getSourceSpans().isEmpty()) {
                return firstLine + n.getSourceSpans().getFirst().getLineIndex();
            }
        }
        return firstLine;
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

    private String resolveFile(String destination) {
        boolean relative = !destination.contains(":") && !destination.startsWith("/") && !destination.startsWith("#");
        return relative ? links.courseFile(destination) : destination;
    }

    /**
     * Links may go to http(s), mail, an anchor or a path of our own; images may also be inline raster data. Anything
     * else (javascript:, data:text/html, vbscript:, file:) becomes an empty link.
     */
    static final class SafeUrls implements UrlSanitizer {

        private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
        private static final Pattern RASTER = Pattern.compile("^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$");

        /** Whether a link URL survives sanitizing: no scheme, or http, https, mailto. */
        static boolean allowedLink(String url) {
            Matcher m = SCHEME.matcher(url.strip());
            if (!m.find()) {
                return true;
            }
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
        }

        @Override
        public String sanitizeLinkUrl(String url) {
            return allowedLink(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return RASTER.matcher(url.strip()).matches() ? url : sanitizeLinkUrl(url);
        }
    }
}
