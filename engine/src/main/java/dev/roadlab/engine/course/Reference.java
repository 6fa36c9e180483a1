package dev.roadlab.engine.course;

/**
 * A link or image in Markdown as the author wrote it, before rendering resolves it, for the validator.
 *
 * @param image        true for {@code ![alt](src)}, false for a link
 * @param destination  the URL as written ({@code module:x#y}, {@code lab:z}, {@code images/a.svg}, {@code #anchor})
 * @param line         1-based line in its file
 */
public record Reference(boolean image, String destination, int line) {
}
