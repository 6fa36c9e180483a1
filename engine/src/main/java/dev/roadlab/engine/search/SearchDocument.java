package dev.roadlab.engine.search;

/**
 * Something search can find: a section of a module, or a lab.
 *
 * @param title    what a result is called: the section's heading, the lab's title
 * @param context  where it lives, shown above the title: the module's title, or "Lab"
 * @param url      where a result links to, a section's anchor included
 * @param text     its plain text, searched and quoted in snippets
 */
public record SearchDocument(String title, String context, String url, String text) {
}
