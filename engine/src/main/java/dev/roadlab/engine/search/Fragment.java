package dev.roadlab.engine.search;

/**
 * A piece of a title or snippet: plain text, or text that matched the query. Pages escape both and wrap matches in
 * {@code <mark>}, so nothing from a course reaches a page as HTML.
 *
 * @param text   the characters, as in the document
 * @param match  whether they matched a query term
 */
public record Fragment(String text, boolean match) {
}
