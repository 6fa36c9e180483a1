package dev.roadlab.engine.course;

/**
 * A section heading of a module, as the table of contents and links to {@code #anchors} see it.
 *
 * @param level  2 for {@code ##}, 3 for {@code ###} ...
 * @param id     its anchor, the same id the rendered HTML carries
 * @param text   its text, without Markdown
 * @param line   1-based line in its file
 */
public record Heading(int level, String id, String text, int line) {
}
