package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.search.SearchResults;
import dev.roadlab.engine.web.view.SearchView;
import io.javalin.http.Context;
import java.util.Optional;

/** {@code /search?q=}: the course's sections and labs that hold every word of the query, snippets marked. */
final class SearchPages {

    private final Roadlab roadlab;
    private final Site site;

    SearchPages(Roadlab roadlab, Site site) {
        this.roadlab = roadlab;
        this.site = site;
    }

    void search(Context ctx) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        SearchResults results = roadlab.search().search(query);
        String title = results.query().isEmpty() ? "Search" : "Search: " + results.query();
        site.render(ctx, "search.jte", new SearchView(site.layout(ctx, title, "Search " + roadlab.course().title()),
                results));
    }
}
