package dev.roadlab.engine.course;

/**
 * A Markdown file split into its YAML front matter (between {@code ---} lines at the very top) and its body.
 *
 * @param yaml       the front matter text, "" when there is none
 * @param body       the Markdown after it
 * @param bodyLine   the 1-based line of the file where the body starts
 */
public record FrontMatter(String yaml, String body, int bodyLine) {

    public static FrontMatter split(String markdown) {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
            return new FrontMatter("", text, 1);
        }
        int start = text.indexOf('\n') + 1;
        int end = start;
        int line = 2;
        while (end < text.length()) {
            int next = text.indexOf('\n', end);
            String current = (next < 0 ? text.substring(end) : text.substring(end, next)).stripTrailing();
            if (current.equals("---")) {
                String body = next < 0 ? "" : text.substring(next + 1);
                return new FrontMatter(text.substring(start, end), body, line + 1);
            }
            if (next < 0) {
                break;
            }
            end = next + 1;
            line++;
        }
        return new FrontMatter("", text, 1);
    }
}
