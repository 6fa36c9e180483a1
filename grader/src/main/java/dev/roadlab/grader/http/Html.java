package dev.roadlab.grader.http;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** What the passive scan and the Observatory score read from a page's HTML: meta tags, forms, scripts. */
final class Html {

    /** A {@code <meta>} element: its {@code http-equiv}, {@code name} and {@code content} (null when absent). */
    record Meta(String httpEquiv, String name, String content, String html) {
    }

    /** An {@code <input>} of a form: its {@code id} and {@code name} (null when absent). */
    record Input(String id, String name) {
    }

    /** A {@code <form>}: its method (null when absent), id, name, start tag and inputs. */
    record Form(String method, String id, String name, String startTag, List<Input> inputs) {
    }

    /** A {@code <script>}: its {@code src}, {@code integrity} and {@code crossorigin} (null when absent). */
    record Script(String src, String integrity, String crossorigin) {
    }

    static final Html EMPTY = new Html(List.of(), List.of(), List.of());

    private final List<Meta> metas;
    private final List<Form> forms;
    private final List<Script> scripts;

    private Html(List<Meta> metas, List<Form> forms, List<Script> scripts) {
        this.metas = metas;
        this.forms = forms;
        this.scripts = scripts;
    }

    static Html parse(String body) {
        if (body.isBlank()) {
            return EMPTY;
        }
        Document doc = Jsoup.parse(body);
        List<Meta> metas = doc.select("meta").stream()
                .map(m -> new Meta(attr(m, "http-equiv"), attr(m, "name"), attr(m, "content"), m.outerHtml()))
                .toList();
        List<Form> forms = doc.select("form").stream().map(f -> new Form(attr(f, "method"), attr(f, "id"),
                attr(f, "name"), startTag(f),
                f.select("input").stream().map(i -> new Input(attr(i, "id"), attr(i, "name"))).toList())).toList();
        List<Script> scripts = doc.select("script").stream()
                .map(s -> new Script(attr(s, "src"), attr(s, "integrity"), attr(s, "crossorigin"))).toList();
        return new Html(metas, forms, scripts);
    }

    private static String attr(Element element, String name) {
        return element.hasAttr(name) ? element.attr(name) : null;
    }

    private static String startTag(Element element) {
        String html = element.shallowClone().empty().outerHtml();
        int end = html.indexOf('>');
        return end < 0 ? html : html.substring(0, end + 1);
    }

    List<Meta> metas() {
        return metas;
    }

    /** The {@code content} of every meta whose {@code http-equiv} is {@code name} (ignoring case), in order. */
    List<String> httpEquiv(String name) {
        return metas.stream().filter(m -> m.httpEquiv() != null && m.httpEquiv().strip().equalsIgnoreCase(name))
                .map(m -> m.content() == null ? "" : m.content()).toList();
    }

    /** The first meta whose {@code http-equiv} is {@code name}, as HTML; null if none. */
    String httpEquivElement(String name) {
        return metas.stream().filter(m -> m.httpEquiv() != null && m.httpEquiv().equalsIgnoreCase(name))
                .map(Meta::html).findFirst().orElse(null);
    }

    List<Form> forms() {
        return forms;
    }

    List<Script> scripts() {
        return scripts;
    }
}
