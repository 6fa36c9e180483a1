package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.Cell;
import dev.roadlab.engine.cohorts.Gradebook;
import dev.roadlab.engine.cohorts.GradebookQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The gradebook page: learners by labs, sortable by header links and filterable by a GET form, so it works
 * without script; the same query exports as CSV.
 *
 * @param baseUrl  the gradebook's own path
 * @param csvUrl   the CSV export's path
 * @param problems what was wrong with the query, if anything (then the unfiltered book is shown)
 */
public record GradebookView(Layout layout, Gradebook book, String baseUrl, String csvUrl, String cohortUrl,
                            List<String> problems) {

    /** The link a column header sorts by: ascending first, descending when it already sorts ascending. */
    public String sortUrl(String key) {
        GradebookQuery q = book.query();
        boolean flip = q.sortKey().equals(key);
        String order = flip ? (q.descending() ? "asc" : "desc") : (key.equals("name") ? "asc" : "desc");
        return baseUrl + "?" + params(key, order);
    }

    /** aria-sort of a header. */
    public String ariaSort(String key) {
        GradebookQuery q = book.query();
        return !q.sortKey().equals(key) ? "none" : q.descending() ? "descending" : "ascending";
    }

    /** The CSV of the rows as shown. */
    public String csvLink() {
        return csvUrl + "?" + params(book.query().sortKey(), book.query().descending() ? "desc" : "asc");
    }

    private String params(String sort, String order) {
        GradebookQuery q = book.query();
        StringBuilder s = new StringBuilder("sort=").append(enc(sort)).append("&order=").append(order);
        if (!q.name().isEmpty()) {
            s.append("&q=").append(enc(q.name()));
        }
        if (q.passed().isPresent()) {
            s.append("&lab=").append(enc(q.filterLab().orElseThrow()))
                    .append("&status=").append(q.passed().get() ? "passed" : "not-passed");
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public String status() {
        return book.query().passed().map(p -> p ? "passed" : "not-passed").orElse("all");
    }

    public String filterLab() {
        return book.query().filterLab().orElse("");
    }

    /** When, in UTC to the minute: "2026-12-02 08:11". */
    public static String utc(OffsetDateTime t) {
        return t.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime().withSecond(0).withNano(0).toString()
                .replace('T', ' ');
    }

    /** The submission a cell links to: the best one, else the newest. */
    public String cellLink(Cell cell) {
        return cell.bestSubmission().or(cell::lastSubmission).map(id -> layout.urls().submission(id)).orElse(null);
    }

    /** A cell's classes: passed, attempted or empty. */
    public String cellClass(Cell cell) {
        return "cell " + (cell.passed() ? "cell-passed" : cell.attempts() > 0 ? "cell-attempted" : "cell-empty")
                + (cell.late() ? " cell-late" : "");
    }
}
