package dev.roadlab.grader.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a PostgreSQL script into statements the way psql does: semicolons inside quotes, dollar quotes,
 * comments and {@code BEGIN ATOMIC ... END} function bodies do not end a statement. Each statement keeps its
 * line so errors can point into the learner's file, and each runs on its own, so {@code CREATE INDEX
 * CONCURRENTLY} works as it would in psql.
 */
public final class SqlScript {

    private final String text;
    private final List<SqlStatement> statements = new ArrayList<>();
    private int pos;
    private int line = 1;

    private SqlScript(String text) {
        this.text = text;
    }

    public static List<SqlStatement> split(String script) {
        SqlScript s = new SqlScript(script);
        s.run();
        return List.copyOf(s.statements);
    }

    private void run() {
        int start = -1;
        int startLine = 1;
        int atomicDepth = 0;
        boolean routine = false;
        List<String> leadingWords = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '-' && peek(1) == '-') {
                skipLineComment();
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                skipBlockComment();
                continue;
            }
            if (c == ';' && atomicDepth == 0) {
                if (start >= 0) {
                    statements.add(new SqlStatement(text.substring(start, pos).strip(), start, startLine, columnOf(start)));
                }
                start = -1;
                leadingWords.clear();
                routine = false;
                pos++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                advance();
                continue;
            }
            if (start < 0) {
                start = pos;
                startLine = line;
            }
            if (c == '\'') {
                boolean escapes = pos > 0 && (text.charAt(pos - 1) == 'E' || text.charAt(pos - 1) == 'e')
                        && (pos < 2 || !isWordChar(text.charAt(pos - 2)));
                skipQuoted('\'', escapes);
            } else if (c == '"') {
                skipQuoted('"', false);
            } else if (c == '$' && dollarTag() != null) {
                skipDollarQuoted(dollarTag());
            } else if (isWordStart(c)) {
                String word = word();
                if (leadingWords.size() < 4) {
                    leadingWords.add(word);
                    routine = routine || isRoutineStart(leadingWords);
                }
                if (routine) {
                    if (word.equals("BEGIN") && nextWordIs("ATOMIC")) {
                        atomicDepth++;
                    } else if (word.equals("CASE") && atomicDepth > 0) {
                        atomicDepth++;
                    } else if (word.equals("END") && atomicDepth > 0) {
                        atomicDepth--;
                    }
                }
            } else {
                advance();
            }
        }
        if (start >= 0) {
            String rest = text.substring(start).strip();
            if (!rest.isEmpty()) {
                statements.add(new SqlStatement(rest, start, startLine, columnOf(start)));
            }
        }
    }

    private int columnOf(int offset) {
        return offset - (text.lastIndexOf('\n', offset - 1) + 1);
    }

    private static boolean isRoutineStart(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("CREATE")) {
            return false;
        }
        int i = 1;
        if (words.size() > 2 && words.get(1).equals("OR") && words.get(2).equals("REPLACE")) {
            i = 3;
        }
        return words.size() > i && (words.get(i).equals("FUNCTION") || words.get(i).equals("PROCEDURE"));
    }

    private boolean nextWordIs(String expected) {
        int p = pos;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        int end = p;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(p, end).toUpperCase(Locale.ROOT).equals(expected);
    }

    private String word() {
        int begin = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(begin, pos).toUpperCase(Locale.ROOT);
    }

    private String dollarTag() {
        if (pos > 0 && isWordChar(text.charAt(pos - 1))) {
            return null; // part of an identifier like a$b
        }
        int p = pos + 1;
        if (p < text.length() && Character.isDigit(text.charAt(p))) {
            return null; // $1 is a parameter, not a quote
        }
        while (p < text.length() && isWordChar(text.charAt(p)) && text.charAt(p) != '$') {
            p++;
        }
        if (p < text.length() && text.charAt(p) == '$') {
            return text.substring(pos, p + 1);
        }
        return null;
    }

    private void skipDollarQuoted(String tag) {
        int end = text.indexOf(tag, pos + tag.length());
        int stop = end < 0 ? text.length() : end + tag.length();
        while (pos < stop) {
            advance();
        }
    }

    private void skipQuoted(char quote, boolean backslashEscapes) {
        advance();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (backslashEscapes && c == '\\') {
                advance();
                if (pos < text.length()) {
                    advance();
                }
                continue;
            }
            advance();
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    advance();
                } else {
                    return;
                }
            }
        }
    }

    private void skipLineComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < text.length()) {
            if (text.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (text.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                advance();
            }
        }
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < text.length() ? text.charAt(p) : '\0';
    }

    private void advance() {
        if (text.charAt(pos) == '\n') {
            line++;
        }
        pos++;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
