package dev.roadlab.grader.jsonschema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A request shortened for a message: long strings and numbers cut with their length, long arrays with their count,
 * deep nesting with its depth, and objects away from the part that matters (the focus) as <code>{…}</code>. What is
 * left reads as the JSON a learner would send.
 *
 * <pre>{@code
 * JsonExcerpt.of(body, "/items/0")   // {"items":[{"sku":"GRN-1001","quantity":2,"price":0}],"currency":"EUR","shippingAddress":{…}}
 * }</pre>
 */
public final class JsonExcerpt {

    private static final int LONG_STRING = 40;
    private static final int LONG_ARRAY = 4;
    private static final int DEEP = 6;
    private static final int MAX_CHARS = 600;

    private JsonExcerpt() {
    }

    /** {@code node} shortened, every part shown. */
    public static String of(JsonNode node) {
        return of(node, null);
    }

    /**
     * {@code node} shortened; objects of four or more properties off the path to {@code focus} (a JSON pointer, ""
     * for the root alone) become <code>{…}</code>.
     */
    public static String of(JsonNode node, String focus) {
        StringBuilder out = new StringBuilder();
        write(node, "", focus, 0, out);
        return out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS) + "…" : out.toString();
    }

    private static void write(JsonNode node, String pointer, String focus, int depth, StringBuilder out) {
        if (out.length() > MAX_CHARS) {
            return;
        }
        if (node.isContainer() && depth >= DEEP && !node.isEmpty()) {
            int more = depth(node);
            out.append(node.isArray() ? "[" : "{").append("… ").append(String.format(Locale.ROOT, "%,d", more))
                    .append(" more levels …").append(node.isArray() ? "]" : "}");
            return;
        }
        if (node.isString()) {
            String text = node.asString();
            int length = text.codePointCount(0, text.length());
            if (length > LONG_STRING) {
                String start = text.substring(0, text.offsetByCodePoints(0, 12));
                out.append(quoted(start + "…")).append(" (").append(String.format(Locale.ROOT, "%,d", length))
                        .append(" characters)");
            } else {
                out.append(quoted(text));
            }
        } else if (node.isArray()) {
            out.append('[');
            int shown = node.size() > LONG_ARRAY ? 2 : node.size();
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), pointer + "/" + i, focus, depth + 1, out);
            }
            if (shown < node.size()) {
                out.append(",… (").append(String.format(Locale.ROOT, "%,d", node.size())).append(" elements)");
            }
            out.append(']');
        } else if (node.isObject()) {
            boolean onPath = focus == null || pointer.isEmpty() || focus.equals(pointer)
                    || focus.startsWith(pointer + "/") || !focus.isEmpty() && pointer.startsWith(focus + "/");
            if (!onPath && node.size() >= 4) {
                out.append("{…}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quoted(entry.getKey())).append(':');
                write(entry.getValue(), pointer + "/" + JsonSource.escape(entry.getKey()), focus, depth + 1, out);
            }
            out.append('}');
        } else {
            String text = node.toString();
            out.append(text.length() > LONG_STRING ? text.substring(0, 12) + "… (" + String.format(Locale.ROOT, "%,d",
                    text.length()) + " digits)" : text);
        }
    }

    /** How many levels of containers {@code node} holds, counted without recursion. */
    static int depth(JsonNode node) {
        record Level(JsonNode node, int depth) {
        }
        int deepest = 0;
        Deque<Level> stack = new ArrayDeque<>();
        stack.push(new Level(node, 1));
        while (!stack.isEmpty()) {
            Level level = stack.pop();
            deepest = Math.max(deepest, level.depth());
            for (JsonNode child : level.node()) {
                if (child.isContainer()) {
                    stack.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return deepest;
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
