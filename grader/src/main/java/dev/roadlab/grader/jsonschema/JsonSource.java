package dev.roadlab.grader.jsonschema;

import dev.roadlab.grader.check.SubmissionError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A submitted JSON file, parsed strictly (no duplicate keys, no trailing content, bounded nesting), with the line and
 * column where each value starts, by JSON pointer, so that what is wrong with a schema can point into the file.
 */
final class JsonSource {

    /** Deeper than any schema a person writes; deep enough to fail cleanly, not by a stack overflow. */
    static final int MAX_DEPTH = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Where a value starts, 1-based. */
    record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    private final String fileName;
    private final JsonNode root;
    private final Map<String, Position> positions;

    private JsonSource(String fileName, JsonNode root, Map<String, Position> positions) {
        this.fileName = fileName;
        this.root = root;
        this.positions = positions;
    }

    /** Parses {@code text}; JSON that does not parse is a {@link SubmissionError} naming the line and column. */
    static JsonSource parse(String fileName, String text) {
        if (text.isBlank()) {
            throw new SubmissionError(fileName + " is empty: it must hold one JSON Schema, an object such as"
                    + " {\"type\": \"object\", ...}.");
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            return new JsonSource(fileName, root, positions(text));
        } catch (StreamConstraintsException e) {
            throw new SubmissionError(fileName + ": nests objects and arrays more than " + MAX_DEPTH + " levels deep;"
                    + " a schema needs a handful of levels for each level of the requests it describes.");
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SubmissionError(fileName + where + ": not JSON: " + e.getOriginalMessage());
        }
    }

    JsonNode root() {
        return root;
    }

    String fileName() {
        return fileName;
    }

    /** "line 12, column 5" for the value at {@code pointer}, or null when the pointer is not in the file. */
    Position position(String pointer) {
        return positions.get(pointer);
    }

    /** "order.schema.json, line 12, column 5 (/properties/a)" or, for a pointer not in the file, without the line. */
    String describe(String pointer) {
        Position at = positions.get(pointer);
        return fileName + (at == null ? "" : ", " + at) + " (" + (pointer.isEmpty() ? "the root schema" : pointer) + ")";
    }

    /** Pointers of the {@code pattern}s and {@code patternProperties} keys that are {@code regex}, in file order. */
    java.util.List<String> patternPointers(String regex) {
        return positions.entrySet().stream()
                .filter(e -> e.getKey().endsWith("/pattern") && regex.equals(textAt(e.getKey()))
                        || e.getKey().endsWith("/patternProperties/" + escape(regex)))
                .sorted(java.util.Comparator.comparingInt((Map.Entry<String, Position> e) -> e.getValue().line())
                        .thenComparingInt(e -> e.getValue().column()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private String textAt(String pointer) {
        JsonNode node = root.at(pointer);
        return node.isString() ? node.asString() : null;
    }

    /** One pass over the tokens, recording where each value (or, in an object, its property name) starts. */
    private static Map<String, Position> positions(String text) {
        Map<String, Position> positions = new HashMap<>();
        // For each open container: its pointer, and the next array index (-1 in objects).
        Deque<String> pointers = new ArrayDeque<>();
        Deque<int[]> indexes = new ArrayDeque<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken token;
            String pendingName = null;
            Position pendingAt = null;
            while ((token = parser.nextToken()) != null) {
                TokenStreamLocation at = parser.currentTokenLocation();
                Position here = new Position(at.getLineNr(), at.getColumnNr());
                if (token == JsonToken.PROPERTY_NAME) {
                    pendingName = parser.currentName();
                    pendingAt = here;
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    pointers.pop();
                    indexes.pop();
                    continue;
                }
                String pointer;
                Position position;
                if (pointers.isEmpty()) {
                    pointer = "";
                    position = here;
                } else if (indexes.peek()[0] >= 0) {
                    pointer = pointers.peek() + "/" + indexes.peek()[0]++;
                    position = here;
                } else {
                    pointer = pointers.peek() + "/" + escape(pendingName);
                    position = pendingAt;
                }
                positions.put(pointer, position);
                if (token == JsonToken.START_OBJECT) {
                    pointers.push(pointer);
                    indexes.push(new int[] {-1});
                } else if (token == JsonToken.START_ARRAY) {
                    pointers.push(pointer);
                    indexes.push(new int[] {0});
                }
            }
        }
        return positions;
    }

    /** A reference token of a JSON pointer (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
