package dev.roadlab.grader.rabbitmq;

import dev.roadlab.grader.check.SubmissionError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A learner's RabbitMQ definitions document (the format of {@code rabbitmqctl export_definitions} and the management
 * API), read for one run's vhost: only vhost-scoped objects (queues, exchanges, bindings, policies) are accepted.
 * Users, vhosts, permissions and parameters are the grader's to set: a document that holds any is refused with the
 * line it names them on, before anything reaches the broker. The objects' own {@code vhost} fields are dropped:
 * everything goes into the run's vhost.
 */
final class Definitions {

    /** What a lab's definitions may hold. */
    static final List<String> SCOPED = List.of("queues", "exchanges", "bindings", "policies");
    /** What only the grader may set; refused when not empty. */
    static final List<String> REFUSED = List.of("users", "vhosts", "permissions", "topic_permissions", "parameters",
            "global_parameters");
    /** What exports carry about the broker that made them; ignored. */
    private static final Set<String> INFORMATIONAL = Set.of("rabbit_version", "rabbitmq_version", "product_name",
            "product_version");

    private Definitions() {
    }

    /** The document to import, as JSON, or a {@link SubmissionError} naming the file and line of what is wrong. */
    static String read(String fileName, String text) {
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        Map<String, List<Integer>> elementLines = new LinkedHashMap<>();
        JsonNode root;
        try {
            int trailing = scan(text, keyLines, elementLines);
            if (trailing > 0) {
                throw new SubmissionError(fileName + ", line " + trailing + ": more follows the document's closing }:"
                        + " a definitions document is one JSON object");
            }
            root = ManagementApi.JSON.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
            throw new SubmissionError(fileName + ", line " + line + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SubmissionError(fileName + ", line 1: a definitions document is a JSON object with \"queues\", "
                    + "\"exchanges\", \"bindings\" and \"policies\", not " + kind(root));
        }
        ObjectNode out = ManagementApi.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            int line = keyLines.getOrDefault(key, 1);
            if (REFUSED.contains(key)) {
                if (value.isArray() && value.isEmpty()) {
                    continue; // an export's empty list creates nothing
                }
                throw new SubmissionError(fileName + ", line " + line + ": \"" + key + "\" is refused: a lab's "
                        + "definitions hold only what lives inside its vhost (queues, exchanges, bindings, policies). "
                        + "Users, vhosts, permissions and parameters are the grader's to set, so nothing of this "
                        + "document was loaded.");
            }
            if (INFORMATIONAL.contains(key)) {
                continue;
            }
            if (!SCOPED.contains(key)) {
                throw new SubmissionError(fileName + ", line " + line + ": \"" + key + "\" is not a key of a "
                        + "definitions document (expected " + String.join(", ", SCOPED) + ")");
            }
            if (!value.isArray()) {
                throw new SubmissionError(fileName + ", line " + line + ": \"" + key + "\" must be a list of objects, "
                        + "not " + kind(value));
            }
            List<Integer> lines = elementLines.getOrDefault(key, List.of());
            var items = out.putArray(key);
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                int itemLine = i < lines.size() ? lines.get(i) : line;
                if (!item.isObject()) {
                    throw new SubmissionError(fileName + ", line " + itemLine + ": element " + (i + 1) + " of \""
                            + key + "\" must be an object, not " + kind(item));
                }
                ObjectNode copy = ((ObjectNode) item).deepCopy();
                copy.remove("vhost");
                if (!key.equals("bindings") && !copy.path("name").isString()) {
                    throw new SubmissionError(fileName + ", line " + itemLine + ": element " + (i + 1) + " of \""
                            + key + "\" has no \"name\"");
                }
                items.add(copy);
            }
        }
        return ManagementApi.JSON.writeValueAsString(out);
    }

    /**
     * Records the line of every top-level key and of every element of the top-level lists.
     *
     * @return the line of anything after the top-level object, or 0
     */
    private static int scan(String text, Map<String, Integer> keyLines, Map<String, List<Integer>> elementLines) {
        try (JsonParser parser = ManagementApi.JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                while (parser.nextToken() != null) {
                    // reads to the end, so that what is not JSON at all is reported with its line
                }
                return 0;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                keyLines.putIfAbsent(key, parser.currentTokenLocation().getLineNr());
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    List<Integer> lines = new ArrayList<>();
                    JsonToken element;
                    while ((element = parser.nextToken()) != JsonToken.END_ARRAY && element != null) {
                        lines.add(parser.currentTokenLocation().getLineNr());
                        parser.skipChildren();
                    }
                    elementLines.putIfAbsent(key, lines);
                } else {
                    parser.skipChildren();
                }
            }
            if (token == JsonToken.END_OBJECT && parser.nextToken() != null) {
                return parser.currentTokenLocation().getLineNr();
            }
            return 0;
        }
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "an empty file";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "that";
        };
    }
}
