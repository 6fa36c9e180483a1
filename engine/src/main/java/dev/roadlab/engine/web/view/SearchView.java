package dev.roadlab.engine.web.view;

import dev.roadlab.engine.search.SearchIndex;
import dev.roadlab.engine.search.SearchResults;

/**
 * The search page.
 *
 * @param layout   the frame
 * @param results  what the query found (its query is empty before a search)
 */
public record SearchView(Layout layout, SearchResults results) {

    public int maxQueryChars() {
        return SearchIndex.MAX_QUERY_CHARS;
    }
}
