package dev.roadlab.grader.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML document where every value knows the line it came from, so that a problem can name {@code lab.yaml:12}
 * rather than just the file. The one reader of YAML in Roadlab: course files, lab.yaml, config files and submitted
 * YAML all go through it, with the same safe settings (plain data only, no duplicate keys, few aliases, bounded size).
 */
public sealed interface YamlNode {

    /** Aliases allowed per document: enough for real anchors, far too few for an exponential expansion. */
    int MAX_ALIASES = 50;
    /** The longest text read, in code points. */
    int MAX_CODE_POINTS = 3 * 1024 * 1024;

    /** 1-based line in the file. */
    int line();

    /**
     * The node as plain Java data: mappings as ordered maps, lists, and scalars as YAML's core schema reads them
     * (Long or, past its range, BigInteger; Double; Boolean; null; String).
     */
    default Object toPlain() {
        return switch (this) {
            case Mapping m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> map.put(k, v.toPlain()));
                yield map;
            }
            case Sequence s -> s.items().stream().map(YamlNode::toPlain).collect(
                    java.util.stream.Collectors.toCollection(ArrayList::new));
            case Scalar s -> s.value();
        };
    }

    /** How YAML's core schema reads a scalar: {@code 2} is an integer, {@code "2"} and {@code two} are text. */
    enum ScalarType { TEXT, INTEGER, DECIMAL, BOOLEAN, NULL }

    /**
     * @param text the scalar as written ("" for an empty value)
     * @param type what YAML's core schema makes of it
     */
    record Scalar(String text, ScalarType type, int line) implements YamlNode {

        public Scalar(String text, int line) {
            this(text, ScalarType.TEXT, line);
        }

        /** The value YAML's core schema gives the scalar. */
        public Object value() {
            String t = text.strip();
            return switch (type) {
                case NULL -> null;
                case BOOLEAN -> t.equalsIgnoreCase("true");
                case INTEGER -> integer(t);
                case DECIMAL -> decimal(t);
                case TEXT -> text;
            };
        }

        private static Object integer(String t) {
            String digits = t.replace("_", "");
            int radix = 10;
            if (digits.startsWith("0x") || digits.startsWith("0o")) {
                radix = digits.startsWith("0x") ? 16 : 8;
                digits = digits.substring(2);
            }
            java.math.BigInteger n = new java.math.BigInteger(digits, radix);
            return n.bitLength() < 64 ? (Object) n.longValue() : n;
        }

        private static Object decimal(String t) {
            return switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
                case "-.inf" -> Double.NEGATIVE_INFINITY;
                case ".nan" -> Double.NaN;
                default -> Double.parseDouble(t.replace("_", ""));
            };
        }

        /** Null, or written as nothing at all. */
        public boolean isBlank() {
            return type == ScalarType.NULL || text.isBlank();
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    /**
     * @param entries  by key, in file order
     * @param keyLines the line of each key
     */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {

        public Mapping(Map<String, YamlNode> entries, int line) {
            this(entries, Map.of(), line);
        }

        public Optional<YamlNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** The value of a key as text, if it is a non-blank scalar. */
        public Optional<String> text(String key) {
            return get(key).filter(Scalar.class::isInstance).map(v -> (Scalar) v).filter(s -> !s.isBlank())
                    .map(s -> s.text().strip()).filter(s -> !s.isEmpty());
        }

        /** The line of a key, or of the mapping when the key is absent. */
        public int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    /** A YAML text that could not be read, with the line where reading stopped. */
    final class Unreadable extends Exception {
        private final int line;

        public Unreadable(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** One document of a multi-document text (Kubernetes manifests): its position and its root. */
    record Document(int number, YamlNode root) {
    }

    /**
     * Parses a YAML text holding one document.
     *
     * @param firstLine the line of the file the text starts at (2 for front matter after its {@code ---})
     */
    static YamlNode parse(String text, int firstLine) throws Unreadable {
        Optional<Node> root;
        try {
            root = new Compose(settings()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            throw unreadable(e, firstLine);
        } catch (YamlEngineException e) {
            throw new Unreadable("not valid YAML: " + e.getMessage().replace('\n', ' '), firstLine);
        }
        if (root.isEmpty()) {
            return new Mapping(Map.of(), firstLine);
        }
        return convert(root.get(), firstLine);
    }

    /** Parses every document of a YAML text, numbered from 1; empty documents are left out. */
    static List<Document> parseAll(String text) throws Unreadable {
        List<Document> documents = new ArrayList<>();
        try {
            int number = 0;
            for (Node node : new Compose(settings()).composeAllFromString(text)) {
                number++;
                documents.add(new Document(number, convert(node, 1)));
            }
        } catch (MarkedYamlEngineException e) {
            throw unreadable(e, 1);
        } catch (YamlEngineException e) {
            throw new Unreadable("not valid YAML: " + e.getMessage().replace('\n', ' '), 1);
        }
        return documents;
    }

    private static LoadSettings settings() {
        return LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false).setCodePointLimit(MAX_CODE_POINTS).build();
    }

    private static Unreadable unreadable(MarkedYamlEngineException e, int firstLine) {
        int line = e.getProblemMark().or(e::getContextMark).map(m -> firstLine + m.getLine()).orElse(firstLine);
        // The problem is where reading stopped; the context (an unclosed bracket, say) is often where to look.
        String context = e.getContext() == null ? "" : " (" + e.getContext()
                + e.getContextMark().map(m -> " that starts on line " + (firstLine + m.getLine())).orElse("") + ")";
        return new Unreadable("not valid YAML: " + e.getProblem() + context, line);
    }

    /** The tags of plain data; any other (a !!python/object, a local !thing) would ask for code to build it. */
    java.util.Set<Tag> PLAIN_TAGS = java.util.Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private static YamlNode convert(Node node, int firstLine) throws Unreadable {
        int line = node.getStartMark().map(Mark::getLine).orElse(0) + firstLine;
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw new Unreadable("the tag '" + node.getTag().getValue() + "' is not allowed: only plain data (text, "
                    + "numbers, true/false, lists and mappings)", line);
        }
        if (node instanceof ScalarNode scalar) {
            return new Scalar(scalar.getValue(), typeOf(scalar), line);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, firstLine));
            }
            return new Sequence(List.copyOf(items), line);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode key = convert(tuple.getKeyNode(), firstLine);
            if (!(key instanceof Scalar scalarKey)) {
                throw new Unreadable("keys must be plain words", key.line());
            }
            if (entries.containsKey(scalarKey.text())) {
                throw new Unreadable("'" + scalarKey.text() + "' is given twice", key.line());
            }
            entries.put(scalarKey.text(), convert(tuple.getValueNode(), firstLine));
            keyLines.put(scalarKey.text(), key.line());
        }
        return new Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
    }

    private static ScalarType typeOf(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        if (Tag.INT.equals(tag)) {
            return ScalarType.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return ScalarType.DECIMAL;
        }
        if (Tag.BOOL.equals(tag)) {
            return ScalarType.BOOLEAN;
        }
        if (Tag.NULL.equals(tag)) {
            return ScalarType.NULL;
        }
        return ScalarType.TEXT;
    }
}
