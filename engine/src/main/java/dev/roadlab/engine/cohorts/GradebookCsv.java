package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A gradebook as CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote or line break quoted
 * with its quotes doubled). The columns never move: {@code login, name}, then for each lab in course order
 * {@code <lab>:best, <lab>:max, <lab>:attempts, <lab>:last_submitted_at, <lab>:late}. Times are ISO-8601 in UTC to
 * the second; a lab not yet graded has an empty best and last time; late is {@code yes} or {@code no}.
 *
 * <p>A field starting with {@code = + - @}, a tab or a carriage return gets a leading single quote, so that a
 * spreadsheet never runs a learner's chosen name as a formula (CSV injection).
 */
public final class GradebookCsv {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private GradebookCsv() {
    }

    public static String write(Gradebook book) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("login", "name"));
        for (GradebookLab lab : book.labs()) {
            for (String column : List.of("best", "max", "attempts", "last_submitted_at", "late")) {
                header.add(lab.id() + ":" + column);
            }
        }
        line(out, header);
        for (GradebookRow row : book.rows()) {
            List<String> fields = new ArrayList<>(List.of(row.learner().login(), row.learner().displayName()));
            for (GradebookLab lab : book.labs()) {
                Cell cell = row.cell(lab.id());
                fields.add(cell.best().map(String::valueOf).orElse(""));
                fields.add(String.valueOf(cell.maxScore()));
                fields.add(String.valueOf(cell.attempts()));
                fields.add(cell.lastSubmittedAt().map(GradebookCsv::utc).orElse(""));
                fields.add(cell.late() ? "yes" : "no");
            }
            line(out, fields);
        }
        return out.toString();
    }

    static String utc(OffsetDateTime time) {
        return time.atZoneSameInstant(ZoneOffset.UTC).format(UTC);
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** One field, defused and quoted as needed. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
