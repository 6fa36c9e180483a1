package dev.roadlab.engine.course;

/**
 * The plain text of a module between two headings, for search.
 *
 * @param anchor  the heading's id, "" for the text before the first heading
 * @param title   the heading's text, "" for the text before the first heading
 * @param text    everything under it (prose and code) as plain text, whitespace collapsed
 */
public record Section(String anchor, String title, String text) {
}
