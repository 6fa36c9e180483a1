package dev.roadlab.grader.postgres;

/**
 * One statement of a SQL script.
 *
 * @param sql     the statement's text, without the terminating semicolon
 * @param offset  where the text starts in the script (0-based characters)
 * @param line    the script line the text starts on (1-based)
 * @param column  the 0-based column on that line where the text starts
 */
public record SqlStatement(String sql, int offset, int line, int column) {

    /** The script line of a 1-based character position inside this statement (PostgreSQL's error position). */
    public int lineOf(int position) {
        int newlines = 0;
        int end = Math.min(Math.max(position - 1, 0), sql.length());
        for (int i = 0; i < end; i++) {
            if (sql.charAt(i) == '\n') {
                newlines++;
            }
        }
        return line + newlines;
    }
}
