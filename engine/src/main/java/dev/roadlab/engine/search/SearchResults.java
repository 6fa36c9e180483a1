package dev.roadlab.engine.search;

import java.util.List;

/**
 * What a query found.
 *
 * @param query  the query as searched: trimmed and cut to {@link SearchIndex#MAX_QUERY_CHARS}
 * @param hits   best first, at most {@link SearchIndex#MAX_HITS}
 * @param total  how many documents matched, shown or not
 */
public record SearchResults(String query, List<SearchHit> hits, int total) {

    public SearchResults {
        hits = List.copyOf(hits);
    }
}
