package dev.roadlab.engine.web;

import gg.jte.TemplateOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A page rendered straight into one UTF-8 byte array, sized from the last page of the same template, and handed to
 * the response as it is: no list of chunks to grow and no copy into a second array (what gg.jte's Utf8ByteOutput
 * costs a 35 KB module page on every request). Static template text comes as bytes (jte's binaryStaticContent) and
 * is copied; dynamic text is ASCII almost always and is written char by char.
 */
final class PageBuffer implements TemplateOutput {

    /**
     * The size of each template's last page, so the next one's array is the right size at once (and one large page,
     * a big cohort's gradebook, does not make every later page of its template start that large).
     */
    private static final Map<String, Integer> SIZES = new ConcurrentHashMap<>();
    private static final int SMALLEST = 8 * 1024;
    private static final int LARGEST_HINT = 4 * 1024 * 1024;

    private final String template;
    private byte[] bytes;
    private int length;

    PageBuffer(String template) {
        this.template = template;
        this.bytes = new byte[SIZES.getOrDefault(template, SMALLEST)];
    }

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        room(endIndex - beginIndex);
        byte[] b = bytes;
        int n = length;
        for (int i = beginIndex; i < endIndex; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) { // the rest through the JDK's encoder (whole strings: jte never splits a surrogate pair)
                length = n;
                writeBinaryContent(value.substring(i, endIndex).getBytes(StandardCharsets.UTF_8));
                return;
            }
            b[n++] = (byte) c;
        }
        length = n;
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    int length() {
        return length;
    }

    /** The page, to be sent; remembers its size for the template's next page. */
    InputStream page() {
        SIZES.put(template, Math.min(LARGEST_HINT, length + 1024));
        return new ByteArrayInputStream(bytes, 0, length);
    }
}
