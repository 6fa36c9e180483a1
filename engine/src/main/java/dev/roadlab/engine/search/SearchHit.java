package dev.roadlab.engine.search;

import java.util.List;

/**
 * One result.
 *
 * @param document  what was found
 * @param title     its title, matches marked
 * @param snippet   the passage of its text with the most query terms, matches marked
 */
public record SearchHit(SearchDocument document, List<Fragment> title, List<Fragment> snippet) {

    public SearchHit {
        title = List.copyOf(title);
        snippet = List.copyOf(snippet);
    }
}
