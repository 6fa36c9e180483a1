package dev.roadlab.grader.terraform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * What hcl4j's lexer lets through and Terraform does not: it skips characters it cannot place, loses a block that is
 * never closed, and accepts {@code acl =} with no value. Before the lexer runs, this scan checks the file's shape the
 * way Terraform's parser would refuse it: strings, heredocs and comments closed, brackets balanced and not nested
 * beyond {@link #MAX_DEPTH}, and nothing but blocks at the top level. It reads every character once.
 */
final class HclStructure {

    /** Nesting Terraform files never need; deeper is refused before any recursive reading. */
    static final int MAX_DEPTH = 64;

    static final Set<String> TOP_LEVEL = Set.of("terraform", "provider", "variable", "locals", "resource", "data",
            "module", "output", "moved", "import", "check", "removed");

    /** A problem with the file's shape: the line and what is wrong. */
    record Problem(int line, String message) {
    }

    private record Open(char bracket, int line) {
    }

    private final String text;
    private int i;
    private int line = 1;
    private int templates;

    private HclStructure(String text) {
        this.text = text;
    }

    static Optional<Problem> check(String text) {
        try {
            new HclStructure(text).file();
            return Optional.empty();
        } catch (Refused r) {
            return Optional.of(r.problem);
        }
    }

    private void file() throws Refused {
        while (true) {
            skipSpaceAndComments(true);
            if (i >= text.length()) {
                return;
            }
            char c = text.charAt(i);
            if (!identifierStart(c)) {
                throw refused("unexpected '" + shown(c) + "' outside any block: a Terraform file holds blocks such as "
                        + "resource \"type\" \"name\" { ... }");
            }
            int start = line;
            String type = identifier();
            if (!TOP_LEVEL.contains(type)) {
                skipSpaceAndComments(false);
                boolean attribute = i < text.length() && text.charAt(i) == '=';
                throw new Refused(new Problem(start, attribute
                        ? "'" + type + " = ...' is outside any block: arguments go inside a block such as "
                        + "resource \"type\" \"name\" { ... }"
                        : "unknown block type '" + type + "': Terraform files hold " + String.join(", ",
                        TOP_LEVEL.stream().sorted().toList()) + " blocks"));
            }
            while (true) {
                skipSpaceAndComments(false);
                if (i >= text.length()) {
                    throw new Refused(new Problem(start, "the " + type + " block has no body ({ ... })"));
                }
                char next = text.charAt(i);
                if (next == '"') {
                    i++;
                    string(line);
                } else if (identifierStart(next)) {
                    identifier();
                } else if (next == '{') {
                    break;
                } else {
                    throw refused("unexpected '" + shown(next) + "' in the header of the " + type + " block: it "
                            + "takes labels in quotes, then { ... }");
                }
            }
            body();
        }
    }

    /** From an opening brace to its closing one, through any expression. */
    private void body() throws Refused {
        Deque<Open> open = new ArrayDeque<>();
        while (i < text.length()) {
            skipSpaceAndComments(true);
            if (i >= text.length()) {
                break;
            }
            char c = text.charAt(i);
            switch (c) {
                case '{', '[', '(' -> {
                    if (open.size() >= MAX_DEPTH) {
                        throw refused("nested more than " + MAX_DEPTH + " levels deep");
                    }
                    open.push(new Open(c, line));
                    i++;
                }
                case '}', ']', ')' -> {
                    if (open.isEmpty() || open.peek().bracket() != opening(c)) {
                        throw refused("'" + c + "' closes nothing" + (open.isEmpty() ? ""
                                : ": the '" + open.peek().bracket() + "' opened on line " + open.peek().line()
                                + " is still open"));
                    }
                    open.pop();
                    i++;
                    if (open.isEmpty()) {
                        return;
                    }
                }
                case '"' -> {
                    i++;
                    string(line);
                }
                case '<' -> {
                    if (text.startsWith("<<", i) && heredocStart()) {
                        heredoc();
                    } else {
                        i++;
                    }
                }
                default -> i++;
            }
        }
        Open unclosed = open.isEmpty() ? new Open('{', line) : open.peekLast();
        throw new Refused(new Problem(unclosed.line(), "the '" + unclosed.bracket() + "' opened here is never "
                + "closed"));
    }

    /** A quoted string, after its opening quote, with its ${ } and %{ } templates. */
    private void string(int startLine) throws Refused {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                i++;
                return;
            } else if (c == '\n') {
                throw new Refused(new Problem(startLine, "a string opened here is not closed on its line"));
            } else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
                i += 3; // an escaped, literal ${ or %{
            } else if ((c == '$' || c == '%') && text.startsWith("{", i + 1)) {
                if (++templates > MAX_DEPTH) {
                    throw refused("templates nested more than " + MAX_DEPTH + " levels deep");
                }
                i++;
                body(); // the template's expression, up to its closing brace
                templates--;
            } else {
                i++;
            }
        }
        throw new Refused(new Problem(startLine, "a string opened here is never closed"));
    }

    private boolean heredocStart() {
        int j = i + 2;
        if (j < text.length() && text.charAt(j) == '-') {
            j++;
        }
        return j < text.length() && identifierStart(text.charAt(j));
    }

    private void heredoc() throws Refused {
        int start = line;
        i += 2;
        if (text.charAt(i) == '-') {
            i++;
        }
        String marker = identifier();
        int eol = text.indexOf('\n', i);
        if (eol < 0) {
            throw new Refused(new Problem(start, "the heredoc <<" + marker + " has no body"));
        }
        i = eol + 1;
        line++;
        while (i < text.length()) {
            int end = text.indexOf('\n', i);
            String content = text.substring(i, end < 0 ? text.length() : end);
            if (content.strip().equals(marker)) {
                i += content.length();
                return;
            }
            if (end < 0) {
                break;
            }
            i = end + 1;
            line++;
        }
        throw new Refused(new Problem(start, "the heredoc <<" + marker + " opened here never ends with a line "
                + marker));
    }

    private void skipSpaceAndComments(boolean newlines) throws Refused {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (!newlines) {
                    return;
                }
                line++;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                i++;
            } else if (c == '#' || text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int start = line;
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Refused(new Problem(start, "a comment opened here with /* is never closed"));
                }
                for (int j = i; j < end; j++) {
                    if (text.charAt(j) == '\n') {
                        line++;
                    }
                }
                i = end + 2;
            } else {
                return;
            }
        }
    }

    private String identifier() {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                || text.charAt(i) == '-')) {
            i++;
        }
        return text.substring(start, i);
    }

    private static boolean identifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static char opening(char closing) {
        return closing == '}' ? '{' : closing == ']' ? '[' : '(';
    }

    private static String shown(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private Refused refused(String message) {
        return new Refused(new Problem(line, message));
    }

    private static final class Refused extends Exception {
        private final Problem problem;

        Refused(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }
}
