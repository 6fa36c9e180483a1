package dev.roadlab.engine.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Full-text search over a course, in memory: built once at load from its sections and labs, then read-only, so any
 * number of requests may search at once.
 *
 * <p>An inverted index from folded terms to the documents holding them. A query matches the documents that contain
 * every one of its terms; a term of three or more letters also matches the words it begins ("index" finds
 * "indexes"), counted lower than the exact word. Documents are ranked by how often and how rarely-elsewhere their
 * terms occur (a saturating tf·idf), with a match in the title worth more than one in the text.
 */
public final class SearchIndex {

    /** Longer queries are cut here: nobody types more, and it bounds the work a request can cause. */
    public static final int MAX_QUERY_CHARS = 200;
    /** Terms after this many are ignored, for the same reason. */
    public static final int MAX_TERMS = 10;
    /** Results shown; the total is still counted. */
    public static final int MAX_HITS = 20;
    private static final int MIN_PREFIX = 3;
    private static final double PREFIX_WEIGHT = 0.5;
    private static final double TITLE_WEIGHT = 2.0;
    private static final int SNIPPET_CHARS = 220;
    private static final int SNIPPET_LEAD = 60;

    /** How often a term occurs in one document's title and text. */
    private record Posting(int document, int inTitle, int inText) {
    }

    private final List<SearchDocument> documents;
    private final NavigableMap<String, List<Posting>> postings;

    private SearchIndex(List<SearchDocument> documents, NavigableMap<String, List<Posting>> postings) {
        this.documents = documents;
        this.postings = postings;
    }

    public static SearchIndex of(List<SearchDocument> documents) {
        Map<String, Map<Integer, int[]>> counts = new HashMap<>();
        for (int d = 0; d < documents.size(); d++) {
            int document = d;
            Token.of(documents.get(d).title()).forEach(t ->
                    counts.computeIfAbsent(t.term(), k -> new TreeMap<>()).computeIfAbsent(document, k -> new int[2])[0]++);
            Token.of(documents.get(d).text()).forEach(t ->
                    counts.computeIfAbsent(t.term(), k -> new TreeMap<>()).computeIfAbsent(document, k -> new int[2])[1]++);
        }
        NavigableMap<String, List<Posting>> postings = new TreeMap<>();
        counts.forEach((term, byDocument) -> postings.put(term, byDocument.entrySet().stream()
                .map(e -> new Posting(e.getKey(), e.getValue()[0], e.getValue()[1])).toList()));
        return new SearchIndex(List.copyOf(documents), postings);
    }

    /** Documents indexed. */
    public int documents() {
        return documents.size();
    }

    /** Distinct terms indexed. */
    public int terms() {
        return postings.size();
    }

    public SearchResults search(String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() > MAX_QUERY_CHARS) {
            // Cut at the last space before the limit, so the last word is not searched half-typed.
            int space = q.lastIndexOf(' ', MAX_QUERY_CHARS);
            q = q.substring(0, space > 0 ? space : MAX_QUERY_CHARS).strip();
        }
        List<String> terms = Token.of(q).stream().map(Token::term).distinct().limit(MAX_TERMS).toList();
        if (terms.isEmpty()) {
            return new SearchResults(q, List.of(), 0);
        }
        Map<Integer, Double> scores = null;
        for (String term : terms) {
            Map<Integer, Double> termScores = score(term);
            if (scores == null) {
                scores = termScores;
            } else {
                Map<Integer, Double> both = new HashMap<>();
                for (Map.Entry<Integer, Double> e : scores.entrySet()) {
                    Double other = termScores.get(e.getKey());
                    if (other != null) {
                        both.put(e.getKey(), e.getValue() + other);
                    }
                }
                scores = both;
            }
        }
        List<SearchHit> hits = scores.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_HITS)
                .map(e -> hit(documents.get(e.getKey()), terms))
                .toList();
        return new SearchResults(q, hits, scores.size());
    }

    /** Each document holding the term (or, for longer terms, a word it begins), with its score for that term. */
    private Map<Integer, Double> score(String term) {
        Map<String, List<Posting>> matches = term.length() >= MIN_PREFIX
                ? postings.subMap(term, true, term + Character.MAX_VALUE, true)
                : postings.containsKey(term) ? Map.of(term, postings.get(term)) : Map.of();
        Map<Integer, Double> scores = new HashMap<>();
        matches.forEach((word, list) -> {
            double weight = word.equals(term) ? 1.0 : PREFIX_WEIGHT;
            double idf = Math.log(1.0 + (double) documents.size() / list.size());
            for (Posting p : list) {
                double tf = p.inText() / (p.inText() + 1.2) + (p.inTitle() > 0 ? TITLE_WEIGHT : 0);
                scores.merge(p.document(), weight * idf * tf, Double::sum);
            }
        });
        return scores;
    }

    private static SearchHit hit(SearchDocument document, List<String> terms) {
        String title = document.title();
        return new SearchHit(document, fragments(title, 0, title.length(), matches(title, terms)),
                snippet(document.text(), terms));
    }

    /** The tokens of a text that match a query term, each paired with the term it matched. */
    private static List<Match> matches(String text, List<String> terms) {
        List<Match> found = new ArrayList<>();
        for (Token token : Token.of(text)) {
            for (String term : terms) {
                if (token.term().equals(term) || (term.length() >= MIN_PREFIX && token.term().startsWith(term))) {
                    found.add(new Match(token, term));
                    break;
                }
            }
        }
        return found;
    }

    private record Match(Token token, String term) {
    }

    /** The window of the text with the most distinct query terms (the earliest of equals), matches marked. */
    private static List<Fragment> snippet(String text, List<String> terms) {
        List<Match> found = matches(text, terms);
        if (found.isEmpty()) {
            int end = text.length() <= SNIPPET_CHARS ? text.length() : wordEnd(text, SNIPPET_CHARS, 0);
            return fragments(text, 0, end, found);
        }
        Match best = found.getFirst();
        int bestCount = 0;
        for (int i = 0; i < found.size(); i++) {
            int limit = found.get(i).token().start() + SNIPPET_CHARS - SNIPPET_LEAD;
            Set<String> distinct = new HashSet<>();
            for (int j = i; j < found.size() && found.get(j).token().end() <= limit; j++) {
                distinct.add(found.get(j).term());
            }
            if (distinct.size() > bestCount) {
                bestCount = distinct.size();
                best = found.get(i);
            }
        }
        int first = best.token().start();
        int start = first <= SNIPPET_LEAD ? 0 : wordStart(text, first - SNIPPET_LEAD, first);
        int end = start + SNIPPET_CHARS >= text.length() ? text.length()
                : wordEnd(text, start + SNIPPET_CHARS, best.token().end());
        return fragments(text, start, end, found);
    }

    /** The first word boundary at or after {@code from}, no later than {@code limit}. */
    private static int wordStart(String text, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        return limit;
    }

    /** The last word boundary at or before {@code from}, no earlier than {@code floor}. */
    private static int wordEnd(String text, int from, int floor) {
        for (int i = from; i > floor; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return from;
    }

    /** The text between start and end as plain and matched fragments, with an ellipsis where it was cut. */
    private static List<Fragment> fragments(String text, int start, int end, List<Match> found) {
        List<Fragment> fragments = new ArrayList<>();
        StringBuilder plain = new StringBuilder(start > 0 ? "… " : "");
        int at = start;
        for (Match m : found.stream().sorted(Comparator.comparingInt(m -> m.token().start())).toList()) {
            if (m.token().start() < start || m.token().end() > end) {
                continue;
            }
            plain.append(text, at, m.token().start());
            if (!plain.isEmpty()) {
                fragments.add(new Fragment(plain.toString(), false));
                plain.setLength(0);
            }
            fragments.add(new Fragment(text.substring(m.token().start(), m.token().end()), true));
            at = m.token().end();
        }
        plain.append(text, at, end);
        if (end < text.length()) {
            plain.append(" …");
        }
        if (!plain.isEmpty()) {
            fragments.add(new Fragment(plain.toString(), false));
        }
        return fragments;
    }
}
