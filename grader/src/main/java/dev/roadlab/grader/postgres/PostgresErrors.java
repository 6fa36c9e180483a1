package dev.roadlab.grader.postgres;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns PostgreSQL errors into messages that point into the learner's file. */
public final class PostgresErrors {

    private PostgresErrors() {
    }

    /**
     * "migration.sql, line 3: ERROR: syntax error at or near "INDX"" followed by the line and a caret, plus
     * PostgreSQL's detail and hint when it gave them.
     */
    public static String describe(String fileName, String script, SqlStatement statement, SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return fileName + ", line " + statement.line() + ": " + e.getMessage();
        }
        int position = server.getPosition();
        int line = position > 0 ? statement.lineOf(position) : statement.line();
        StringBuilder out = new StringBuilder()
                .append(fileName).append(", line ").append(line).append(": ")
                .append(server.getSeverity() == null ? "ERROR" : server.getSeverity()).append(": ")
                .append(server.getMessage());
        String[] lines = script.split("\n", -1);
        if (line >= 1 && line <= lines.length) {
            String source = lines[line - 1].replace("\t", " ").stripTrailing();
            String gutter = String.valueOf(line);
            out.append("\n  ").append(gutter).append(" | ").append(source);
            if (position > 0) {
                int column = columnOf(statement, position);
                out.append("\n  ").append(" ".repeat(gutter.length())).append(" | ")
                        .append(" ".repeat(Math.max(0, column))).append('^');
            }
            if (source.stripLeading().startsWith("\\")) {
                out.append("\npsql meta-commands such as \\c or \\i are not SQL: the grader runs the file's statements"
                        + " one by one, as psql would, but without psql.");
            }
        }
        if (server.getDetail() != null) {
            out.append("\nDETAIL: ").append(server.getDetail());
        }
        if (server.getHint() != null) {
            out.append("\nHINT: ").append(server.getHint());
        }
        return out.toString();
    }

    /** 0-based column in the script line of a 1-based position inside the statement. */
    private static int columnOf(SqlStatement statement, int position) {
        String sql = statement.sql();
        int end = Math.min(position - 1, sql.length());
        int lastNewline = sql.lastIndexOf('\n', end - 1);
        if (lastNewline >= 0) {
            return end - lastNewline - 1;
        }
        // On the statement's first line the statement may start mid-line: count from the line's start.
        return end + statement.column();
    }

    /** Whether the error means the connection or the server is gone (as opposed to a bad statement). */
    public static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** query_canceled: a cancel request or a statement_timeout ended the statement. */
    public static boolean isCanceled(SQLException e) {
        return "57014".equals(e.getSQLState());
    }
}
