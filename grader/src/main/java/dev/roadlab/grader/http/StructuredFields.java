package dev.roadlab.grader.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for Structured Field Values for HTTP (RFC 9651, which obsoletes RFC 8941): the syntax of
 * Permissions-Policy, Cross-Origin-Opener-Policy, Cross-Origin-Embedder-Policy and other recent headers.
 * A value that does not parse is an error as a whole ({@link IllegalArgumentException} saying where), because a
 * recipient must then ignore the field entirely (RFC 9651 section 4.2).
 *
 * <pre>{@code
 * Map<String, Member> policy = StructuredFields.parseDictionary("camera=(), geolocation=(self \"https://maps.example\")");
 * }</pre>
 */
public final class StructuredFields {

    /** A member of a list or dictionary: an item or an inner list. */
    public sealed interface Member permits Item, InnerList {

        /** The member's parameters, in order. */
        Map<String, Object> parameters();
    }

    /**
     * A bare value with parameters. The value is a {@link Long} (integer), {@link BigDecimal} (decimal),
     * {@link String}, {@link Token}, {@code byte[]} (byte sequence), {@link Boolean}, {@link Date} or
     * {@link DisplayString}.
     */
    public record Item(Object value, Map<String, Object> parameters) implements Member {
    }

    /** A parenthesised list of items, with parameters of its own. */
    public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {
    }

    /** A token: an unquoted word such as {@code self} or {@code same-origin}. */
    public record Token(String value) {

        @Override
        public String toString() {
            return value;
        }
    }

    /** A date: seconds since the epoch ({@code @1659578233}). */
    public record Date(long epochSeconds) {
    }

    /** A display string ({@code %"caf%c3%a9"}), decoded. */
    public record DisplayString(String value) {
    }

    private final String input;
    private int pos;

    private StructuredFields(String input) {
        this.input = input;
    }

    /** Parses a field whose value is an item, such as {@code Cross-Origin-Opener-Policy: same-origin; report-to="x"}. */
    public static Item parseItem(String value) {
        StructuredFields p = new StructuredFields(value);
        p.skipSpaces();
        Item item = p.item();
        p.skipSpaces();
        p.expectEnd();
        return item;
    }

    /** Parses a field whose value is a list. */
    public static List<Member> parseList(String value) {
        StructuredFields p = new StructuredFields(value);
        p.skipSpaces();
        List<Member> members = new ArrayList<>();
        while (!p.atEnd()) {
            members.add(p.itemOrInnerList());
            if (!p.nextMember()) {
                break;
            }
        }
        p.expectEnd();
        return Collections.unmodifiableList(members);
    }

    /** Parses a field whose value is a dictionary; a key given twice keeps its last value, in its first place. */
    public static Map<String, Member> parseDictionary(String value) {
        StructuredFields p = new StructuredFields(value);
        p.skipSpaces();
        Map<String, Member> members = new LinkedHashMap<>();
        while (!p.atEnd()) {
            String key = p.key();
            Member member;
            if (p.peek() == '=') {
                p.pos++;
                member = p.itemOrInnerList();
            } else {
                member = new Item(Boolean.TRUE, p.parameters());
            }
            members.put(key, member);
            if (!p.nextMember()) {
                break;
            }
        }
        p.expectEnd();
        return Collections.unmodifiableMap(members);
    }

    /** After a member: optional whitespace, then the end or a comma followed by another member. */
    private boolean nextMember() {
        skipOws();
        if (atEnd()) {
            return false;
        }
        if (peek() != ',') {
            throw error("expected ',' between members");
        }
        pos++;
        skipOws();
        if (atEnd()) {
            throw error("a trailing ',' must be followed by a member");
        }
        return true;
    }

    private Member itemOrInnerList() {
        return peek() == '(' ? innerList() : item();
    }

    private InnerList innerList() {
        pos++;
        List<Item> items = new ArrayList<>();
        while (!atEnd()) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                return new InnerList(List.copyOf(items), parameters());
            }
            items.add(item());
            if (!atEnd() && peek() != ' ' && peek() != ')') {
                throw error("expected ' ' or ')' in an inner list");
            }
        }
        throw error("an inner list is not closed with ')'");
    }

    private Item item() {
        Object bare = bareItem();
        return new Item(bare, parameters());
    }

    private Map<String, Object> parameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        while (!atEnd() && peek() == ';') {
            pos++;
            skipSpaces();
            String key = key();
            Object value = Boolean.TRUE;
            if (!atEnd() && peek() == '=') {
                pos++;
                value = bareItem();
            }
            params.put(key, value);
        }
        return Collections.unmodifiableMap(params);
    }

    private String key() {
        if (atEnd() || !(isLcAlpha(peek()) || peek() == '*')) {
            throw error("a key starts with a lower-case letter or '*'");
        }
        int start = pos;
        while (!atEnd() && (isLcAlpha(peek()) || isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private Object bareItem() {
        if (atEnd()) {
            throw error("a value is missing");
        }
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            return bool();
        }
        if (c == '*' || isAlpha(c)) {
            return token();
        }
        if (c == '@') {
            pos++;
            Object n = number();
            if (!(n instanceof Long seconds)) {
                throw error("a date is an integer");
            }
            return new Date(seconds);
        }
        if (c == '%') {
            return displayString();
        }
        throw error("unexpected '" + c + "'");
    }

    private Object number() {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        if (atEnd() || !isDigit(peek())) {
            throw error("a number needs a digit");
        }
        int digitsStart = pos;
        int dot = -1;
        while (!atEnd()) {
            char c = peek();
            if (isDigit(c)) {
                pos++;
            } else if (c == '.' && dot < 0) {
                if (pos - digitsStart > 12) {
                    throw error("a decimal has at most 12 integer digits");
                }
                dot = pos;
                pos++;
            } else {
                break;
            }
            if (dot < 0 && pos - digitsStart > 15) {
                throw error("an integer has at most 15 digits");
            }
            if (dot >= 0 && pos - digitsStart > 16) {
                throw error("a decimal has at most 16 characters");
            }
        }
        String text = input.substring(start, pos);
        if (dot < 0) {
            return Long.parseLong(text);
        }
        int fraction = pos - dot - 1;
        if (fraction < 1 || fraction > 3) {
            throw error("a decimal has one to three fraction digits");
        }
        return new BigDecimal(text);
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (atEnd()) {
                    throw error("a string ends with a lone '\\'");
                }
                char next = input.charAt(pos++);
                if (next != '"' && next != '\\') {
                    throw error("only \\\" and \\\\ are escapes in a string");
                }
                out.append(next);
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw error("a string holds printable ASCII only");
            } else {
                out.append(c);
            }
        }
        throw error("a string is not closed with '\"'");
    }

    private Token token() {
        int start = pos;
        pos++;
        while (!atEnd() && (isTchar(peek()) || peek() == ':' || peek() == '/')) {
            pos++;
        }
        return new Token(input.substring(start, pos));
    }

    private byte[] byteSequence() {
        pos++;
        int end = input.indexOf(':', pos);
        if (end < 0) {
            throw error("a byte sequence is not closed with ':'");
        }
        String b64 = input.substring(pos, end);
        if (!b64.matches("[A-Za-z0-9+/=]*")) {
            throw error("a byte sequence is base64");
        }
        pos = end + 1;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw error("a byte sequence is base64");
        }
    }

    private Boolean bool() {
        pos++;
        if (atEnd()) {
            throw error("a boolean is ?0 or ?1");
        }
        char c = input.charAt(pos++);
        if (c == '1') {
            return Boolean.TRUE;
        }
        if (c == '0') {
            return Boolean.FALSE;
        }
        throw error("a boolean is ?0 or ?1");
    }

    private DisplayString displayString() {
        pos++;
        if (atEnd() || peek() != '"') {
            throw error("a display string starts with %\"");
        }
        pos++;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '%') {
                if (pos + 2 > input.length()) {
                    throw error("a display string escape is %xx");
                }
                String hex = input.substring(pos, pos + 2);
                if (!hex.matches("[0-9a-f]{2}")) {
                    throw error("a display string escape is %xx in lower-case hex");
                }
                bytes.write(Integer.parseInt(hex, 16));
                pos += 2;
            } else if (c == '"') {
                return new DisplayString(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            } else if (c < 0x20 || c > 0x7e) {
                throw error("a display string holds printable ASCII only");
            } else {
                bytes.write(c);
            }
        }
        throw error("a display string is not closed with '\"'");
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private char peek() {
        return input.charAt(pos);
    }

    private void skipSpaces() {
        while (!atEnd() && peek() == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void expectEnd() {
        skipSpaces();
        if (!atEnd()) {
            throw error("unexpected text after the value");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " (at character " + (pos + 1) + " of \"" + input + "\")");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isTchar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
