package dev.roadlab.engine.web.view;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.nio.charset.StandardCharsets;

/**
 * Safe HTML encoded to UTF-8 once (a module's rendered prose), written into a page as bytes: a byte output takes the
 * array as it is instead of encoding tens of kilobytes again on every request.
 */
public final class PreEncoded implements Content {

    private final byte[] utf8;

    private PreEncoded(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** {@code html} must already be safe HTML: it is written unescaped. */
    public static PreEncoded ofSafeHtml(String html) {
        return new PreEncoded(html.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeBinaryContent(utf8);
    }

    @Override
    public boolean isEmptyContent() {
        return utf8.length == 0;
    }
}
