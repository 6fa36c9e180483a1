package dev.roadlab.engine.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SearchIndexTest {

    private final SearchIndex index = SearchIndex.of(List.of(
            new SearchDocument("Composite index order", "Data modeling", "/m/data#composite-index-order",
                    "A multi-column B-tree is sorted by the first column, then by the second. Columns compared with "
                            + "equality go first; then one column used for a range or ORDER BY."),
            new SearchDocument("Keys", "Data modeling", "/m/data#keys",
                    "Most tables want a surrogate primary key. Natural keys such as emails change; an index on "
                            + "audit_logs.user_id helps."),
            new SearchDocument("Rate limiting", "System design", "/m/system#rate",
                    "A sliding window limiter in Lua keeps the Índex of requests per client in Redis."),
            new SearchDocument("Index an audit log for its hot queries", "Lab", "/labs/audit-log-indexes",
                    "Add the indexes that let PostgreSQL answer both dashboards without a sequential scan.")));

    private static String marked(List<Fragment> fragments) {
        return fragments.stream().map(f -> f.match() ? "[" + f.text() + "]" : f.text()).collect(Collectors.joining());
    }

    private List<String> urls(String query) {
        return index.search(query).hits().stream().map(h -> h.document().url()).toList();
    }

    @Test
    void words_are_folded_for_case_and_accents_and_split_at_punctuation_and_underscores() {
        assertThat(Token.of("Índex ORDER_by audit_logs.user_id, B-tree"))
                .extracting(Token::term)
                .containsExactly("index", "order", "by", "audit", "logs", "user", "id", "b", "tree");
        assertThat(Token.of("  Índex")).first().isEqualTo(new Token("index", 2, 7));
    }

    @Test
    void a_query_finds_the_documents_holding_every_word_best_title_first() {
        assertThat(urls("index").subList(0, 2)).as("titles first")
                .containsExactlyInAnyOrder("/m/data#composite-index-order", "/labs/audit-log-indexes");
        assertThat(urls("index")).containsExactlyInAnyOrder("/m/data#composite-index-order", "/m/data#keys",
                "/m/system#rate", "/labs/audit-log-indexes");
        assertThat(urls("index order")).containsExactly("/m/data#composite-index-order");
        assertThat(urls("INDEX redis")).containsExactly("/m/system#rate");
        assertThat(urls("index nothing-like-this")).isEmpty();
    }

    @Test
    void words_of_three_letters_or_more_also_find_longer_words_they_begin() {
        assertThat(urls("sequ")).containsExactly("/labs/audit-log-indexes");
        assertThat(urls("dashboard")).containsExactly("/labs/audit-log-indexes");
        assertThat(urls("b")).containsExactly("/m/data#composite-index-order");
        assertThat(urls("ta")).isEmpty();
    }

    @Test
    void snippets_quote_the_passage_with_the_query_words_marked() {
        SearchHit hit = index.search("equality range").hits().getFirst();
        assertThat(marked(hit.snippet())).isEqualTo("… first column, then by the second. Columns compared with "
                + "[equality] go first; then one column used for a [range] or ORDER BY.");
        assertThat(marked(index.search("index order").hits().getFirst().title())).isEqualTo("Composite [index] [order]");
        assertThat(marked(index.search("user_id").hits().getFirst().snippet())).endsWith("an index on audit_logs.[user]_[id] helps.");
    }

    @Test
    void long_queries_are_cut_and_empty_ones_find_nothing() {
        SearchResults long_ = index.search("index ".repeat(100));
        assertThat(long_.query()).hasSizeLessThanOrEqualTo(SearchIndex.MAX_QUERY_CHARS).endsWith("index");
        assertThat(long_.total()).isEqualTo(4);
        assertThat(index.search("   ").hits()).isEmpty();
        assertThat(index.search(null).query()).isEmpty();
        assertThat(index.search("!!! ???").total()).isZero();
    }
}
