package dev.roadlab.engine.cohorts;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How to show a gradebook: which rows (a name substring; passed or not a lab), and in which order (by learner name,
 * by one lab's best score, or by total; ties by name). The query string is its wire form:
 * {@code ?q=ada&lab=audit-log-indexes&status=passed&sort=lab:audit-log-indexes&order=desc}.
 *
 * @param name       a substring of the learner's name or login, any case; empty for all
 * @param filterLab  the lab {@code passed} is about, with it
 * @param passed     only learners who passed (true) or have not passed (false) {@code filterLab}
 * @param sortLab    with {@link Sort#LAB}, whose best score orders the rows
 */
public record GradebookQuery(String name, Optional<String> filterLab, Optional<Boolean> passed, Sort sort,
                             Optional<String> sortLab, boolean descending) {

    /** The orders a gradebook can be in. */
    public enum Sort { NAME, LAB, TOTAL }

    public static final GradebookQuery ALL = new GradebookQuery("", Optional.empty(), Optional.empty(), Sort.NAME,
            Optional.empty(), false);

    public GradebookQuery {
        name = name == null ? "" : name.strip();
        if (passed.isPresent() != filterLab.isPresent()) {
            throw new IllegalArgumentException("a passed filter names its lab");
        }
        if ((sort == Sort.LAB) != sortLab.isPresent()) {
            throw new IllegalArgumentException("a lab sort names its lab");
        }
    }

    /**
     * Reads the query string's values (null for absent), checking them against the gradebook's labs.
     *
     * @throws CohortProblem saying which value is wrong
     */
    public static GradebookQuery parse(String q, String lab, String status, String sort, String order,
                                       Set<String> labIds) {
        String name = q == null ? "" : q.strip();
        if (name.length() > 100) {
            throw new CohortProblem("Search for at most 100 characters of a name.");
        }
        Optional<String> filterLab = Optional.ofNullable(lab).filter(s -> !s.isBlank());
        Optional<Boolean> passed = switch (status == null ? "" : status) {
            case "", "all" -> Optional.empty();
            case "passed" -> Optional.of(true);
            case "not-passed" -> Optional.of(false);
            default -> throw new CohortProblem("status is all, passed or not-passed.");
        };
        if (passed.isPresent() && filterLab.isEmpty()) {
            throw new CohortProblem("Choose the lab the status is about.");
        }
        if (filterLab.isPresent() && !labIds.contains(filterLab.get())) {
            throw new CohortProblem("There is no lab '" + filterLab.get() + "' in this course.");
        }
        if (passed.isEmpty()) {
            filterLab = Optional.empty();
        }
        String s = sort == null || sort.isBlank() ? "name" : sort;
        Sort by;
        Optional<String> sortLab = Optional.empty();
        if (s.equals("name")) {
            by = Sort.NAME;
        } else if (s.equals("total")) {
            by = Sort.TOTAL;
        } else if (s.startsWith("lab:") && labIds.contains(s.substring(4))) {
            by = Sort.LAB;
            sortLab = Optional.of(s.substring(4));
        } else {
            throw new CohortProblem("sort is name, total or lab:<a lab of this course>.");
        }
        boolean descending = switch (order == null ? "" : order) {
            case "" -> by != Sort.NAME;
            case "asc" -> false;
            case "desc" -> true;
            default -> throw new CohortProblem("order is asc or desc.");
        };
        return new GradebookQuery(name, filterLab, passed, by, sortLab, descending);
    }

    /** The sort's wire form: name, total or lab:ID. */
    public String sortKey() {
        return sort == Sort.LAB ? "lab:" + sortLab.orElseThrow() : sort.name().toLowerCase(Locale.ROOT);
    }

    boolean keeps(GradebookRow row) {
        String needle = name.toLowerCase(Locale.ROOT);
        if (!needle.isEmpty() && !row.learner().displayName().toLowerCase(Locale.ROOT).contains(needle)
                && !row.learner().login().contains(needle)) {
            return false;
        }
        return passed.map(p -> row.cell(filterLab.orElseThrow()).passed() == p).orElse(true);
    }

    Comparator<GradebookRow> order() {
        Comparator<GradebookRow> byName = Comparator
                .comparing((GradebookRow r) -> r.learner().displayName().toLowerCase(Locale.ROOT))
                .thenComparing(r -> r.learner().login());
        Comparator<GradebookRow> primary = switch (sort) {
            case NAME -> byName;
            case TOTAL -> Comparator.comparingInt(GradebookRow::total);
            case LAB -> Comparator.comparingInt((GradebookRow r) -> r.cell(sortLab.orElseThrow()).best().orElse(-1));
        };
        if (descending) {
            primary = primary.reversed();
        }
        return sort == Sort.NAME ? primary : primary.thenComparing(byName);
    }
}
