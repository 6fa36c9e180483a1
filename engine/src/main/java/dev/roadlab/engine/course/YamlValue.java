package dev.roadlab.engine.course;

import java.util.ArrayList;
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

/**
 * A YAML document as course files use it (mappings, lists, text) where every value knows the line it came from, so a
 * problem can name {@code course.yaml:12} rather than just the file.
 */
sealed interface YamlValue {

    /** 1-based line in the file. */
    int line();

    /** @param text the scalar as written ("" for an empty value) */
    record Scalar(String text, int line) implements YamlValue {
    }

    record Sequence(List<YamlValue> items, int line) implements YamlValue {
    }

    /** @param entries by key, in file order */
    record Mapping(Map<String, YamlValue> entries, int line) implements YamlValue {

        public Optional<YamlValue> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** The value of a key as text, if it is a non-blank scalar. */
        public Optional<String> text(String key) {
            return get(key).filter(Scalar.class::isInstance).map(v -> ((Scalar) v).text().strip())
                    .filter(s -> !s.isEmpty());
        }
    }

    /** A YAML text that could not be read, with the line where reading stopped. */
    final class Unreadable extends Exception {
        private final int line;

        Unreadable(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Parses a YAML text.
     *
     * @param firstLine the line of the file the text starts at (2 for front matter after its {@code ---})
     */
    static YamlValue parse(String text, int firstLine) throws Unreadable {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(10)
                .setAllowRecursiveKeys(false).setCodePointLimit(1_000_000).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> firstLine + m.getLine()).orElse(firstLine);
            // The problem is where reading stopped; the context (an unclosed bracket, say) is often where to look.
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + e.getContextMark().map(m -> " that starts on line " + (firstLine + m.getLine())).orElse("") + ")";
            throw new Unreadable("not valid YAML: " + e.getProblem() + context, line);
        } catch (YamlEngineException e) {
            throw new Unreadable("not valid YAML: " + e.getMessage().replace('\n', ' '), firstLine);
        }
        if (root.isEmpty()) {
            return new Mapping(Map.of(), firstLine);
        }
        return convert(root.get(), firstLine);
    }

    private static YamlValue convert(Node node, int firstLine) throws Unreadable {
        int line = node.getStartMark().map(Mark::getLine).orElse(0) + firstLine;
        if (node instanceof ScalarNode scalar) {
            return new Scalar(scalar.getValue(), line);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlValue> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, firstLine));
            }
            return new Sequence(List.copyOf(items), line);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlValue key = convert(tuple.getKeyNode(), firstLine);
            if (!(key instanceof Scalar scalarKey)) {
                throw new Unreadable("keys must be plain words", key.line());
            }
            if (entries.containsKey(scalarKey.text())) {
                throw new Unreadable("'" + scalarKey.text() + "' is given twice", key.line());
            }
            entries.put(scalarKey.text(), convert(tuple.getValueNode(), firstLine));
        }
        return new Mapping(java.util.Collections.unmodifiableMap(entries), line);
    }
}
