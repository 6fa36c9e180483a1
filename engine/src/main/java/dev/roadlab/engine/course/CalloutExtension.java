package dev.roadlab.engine.course;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Document;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * GitHub's alert syntax ({@code > [!NOTE]}, {@code [!TIP]}, {@code [!IMPORTANT]}, {@code [!WARNING]},
 * {@code [!CAUTION]}) as {@code <aside class="callout callout-note">} with a visible label. Like GitHub, only block
 * quotes at the top level of the document become callouts, and a marker with nothing after it stays a quote.
 * (commonmark-java has no released alerts extension yet; this is the small part of one we need.)
 */
final class CalloutExtension implements Parser.ParserExtension, HtmlRenderer.HtmlRendererExtension {

    static CalloutExtension create() {
        return new CalloutExtension();
    }

    @Override
    public void extend(Parser.Builder parser) {
        parser.postProcessor(new Marker());
    }

    @Override
    public void extend(HtmlRenderer.Builder renderer) {
        renderer.nodeRendererFactory(Html::new);
    }

    /** Turns top-level block quotes whose first line is exactly a marker into callouts. */
    private static final class Marker implements PostProcessor {

        @Override
        public Node process(Node document) {
            if (!(document instanceof Document)) {
                return document;
            }
            Node block = document.getFirstChild();
            while (block != null) {
                Node next = block.getNext();
                if (block instanceof BlockQuote quote) {
                    convert(quote);
                }
                block = next;
            }
            return document;
        }

        private static void convert(BlockQuote quote) {
            if (!(quote.getFirstChild() instanceof Paragraph first) || !(first.getFirstChild() instanceof Text marker)) {
                return;
            }
            Optional<Callout.Kind> kind = Callout.Kind.ofMarker(marker.getLiteral().strip());
            Node afterMarker = marker.getNext();
            boolean markerAlone = afterMarker == null || afterMarker instanceof SoftLineBreak
                    || afterMarker instanceof HardLineBreak;
            if (kind.isEmpty() || !markerAlone) {
                return;
            }
            boolean hasContent = (afterMarker != null && afterMarker.getNext() != null) || first.getNext() != null;
            if (!hasContent) {
                return;
            }
            marker.unlink();
            if (afterMarker != null) {
                afterMarker.unlink();
            }
            if (first.getFirstChild() == null) {
                first.unlink();
            }
            Callout callout = new Callout(kind.get());
            callout.setSourceSpans(quote.getSourceSpans());
            Node child = quote.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                callout.appendChild(child);
                child = next;
            }
            quote.insertBefore(callout);
            quote.unlink();
        }
    }

    /** {@code <aside class="callout callout-warning" aria-label="Warning"><p class="callout-label">Warning</p>...} */
    private static final class Html implements NodeRenderer {

        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        Html(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Callout.class);
        }

        @Override
        public void render(Node node) {
            Callout callout = (Callout) node;
            Callout.Kind kind = callout.kind();
            html.line();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("class", "callout callout-" + kind.cssName());
            attributes.put("aria-label", kind.label());
            html.tag("aside", context.extendAttributes(node, "aside", attributes));
            html.line();
            html.tag("p", Map.of("class", "callout-label"));
            html.text(kind.label());
            html.tag("/p");
            html.line();
            Node child = node.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
            html.tag("/aside");
            html.line();
        }
    }
}
