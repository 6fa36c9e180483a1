package dev.roadlab.grader.yaml;

import dev.roadlab.grader.yaml.YamlNode.Mapping;
import dev.roadlab.grader.yaml.YamlNode.Scalar;
import dev.roadlab.grader.yaml.YamlNode.ScalarType;
import dev.roadlab.grader.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, line-aware reading of one mapping of a YAML file, collecting every problem instead of stopping at the first:
 * a missing field, a value of the wrong type, an unknown key (with the known key it is closest to). Reading goes on
 * past a problem, so an author sees them all at once, each as {@code FILE:LINE: path.key: message}.
 *
 * <pre>{@code
 * YamlFields lab = YamlFields.of("labs/x/lab.yaml", root, problems);
 * String id = lab.requiredText("id").orElse("");
 * int connections = lab.section("postgres").flatMap(pg -> pg.integer("connections", 1, 200)).orElse(8);
 * lab.allowOnly(Set.of("id", "title", "postgres"));
 * }</pre>
 */
public final class YamlFields {

    private final String file;
    private final String path;
    private final Mapping mapping;
    private final List<Problem> problems;

    private YamlFields(String file, String path, Mapping mapping, List<Problem> problems) {
        this.file = file;
        this.path = path;
        this.mapping = mapping;
        this.problems = problems;
    }

    /**
     * The root mapping of a document; a root that is not a mapping is reported and read as an empty one.
     *
     * @param problems where problems are added
     */
    public static YamlFields of(String file, YamlNode root, List<Problem> problems) {
        if (root instanceof Mapping m) {
            return new YamlFields(file, "", m, problems);
        }
        problems.add(new Problem(file, root.line(), "expected a mapping of keys to values"));
        return new YamlFields(file, "", new Mapping(Map.of(), root.line()), problems);
    }

    /** Parses a whole text; unreadable YAML is one problem, read as an empty mapping. */
    public static YamlFields parse(String file, String text, List<Problem> problems) {
        try {
            return of(file, YamlNode.parse(text, 1), problems);
        } catch (YamlNode.Unreadable e) {
            problems.add(new Problem(file, e.line(), e.getMessage()));
            return new YamlFields(file, "", new Mapping(Map.of(), 1), problems);
        }
    }

    public String file() {
        return file;
    }

    /** Where this mapping sits, for messages: "" for the root, "postgres" for a section. */
    public String path() {
        return path;
    }

    public int line() {
        return mapping.line();
    }

    /** The line of {@code key}, or of the mapping when it is absent. */
    public int line(String key) {
        return mapping.lineOf(key);
    }

    public boolean has(String key) {
        return mapping.entries().containsKey(key);
    }

    /** The keys present, in file order. */
    public Collection<String> keys() {
        return mapping.entries().keySet();
    }

    public Optional<YamlNode> node(String key) {
        return mapping.get(key);
    }

    /** Adds a problem at the key's line, named by its path ("postgres.seed: ..."). */
    public void problem(String key, String message) {
        problems.add(new Problem(file, line(key), name(key) + ": " + message));
    }

    /** Adds a problem at the mapping's own line. */
    public void problem(String message) {
        problems.add(new Problem(file, line(), (path.isEmpty() ? "" : path + ": ") + message));
    }

    /** The value of a key as text; a mapping or list there is a problem. Blank and null values are absent. */
    public Optional<String> text(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof Scalar s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s.text().strip());
        }
        problem(key, "expected text, not a " + kind(node.get()));
        return Optional.empty();
    }

    /** A key that must be there, as text; missing is a problem. */
    public Optional<String> requiredText(String key) {
        if (!has(key) || (mapping.get(key).get() instanceof Scalar s && s.isBlank())) {
            problem(key, "required");
            return Optional.empty();
        }
        return text(key);
    }

    /** A whole number between {@code min} and {@code max}. */
    public Optional<Integer> integer(String key, int min, int max) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof Scalar s && s.type() == ScalarType.NULL) {
            return Optional.empty();
        }
        if (node.get() instanceof Scalar s && s.type() == ScalarType.INTEGER) {
            try {
                int n = Integer.parseInt(s.text().strip().replace("_", ""));
                if (n >= min && n <= max) {
                    return Optional.of(n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(key, "expected a whole number from " + min + " to " + max + ", got " + shown(node.get()));
        return Optional.empty();
    }

    /** A duration such as 90s, 500ms or 2m. */
    public Optional<Duration> duration(String key) {
        return text(key).flatMap(t -> {
            try {
                return Optional.of(Quantities.parseDuration(t));
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A size such as 256 KB or 1 MB, in bytes. */
    public Optional<Long> size(String key) {
        return text(key).flatMap(t -> {
            try {
                return Optional.of(Quantities.parseSize(t));
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The items of a list (absent: empty); anything else is a problem. */
    public List<YamlNode> list(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof Scalar s && s.isBlank()) {
            return List.of();
        }
        if (node.get() instanceof Sequence seq) {
            return seq.items();
        }
        problem(key, "expected a list, not " + shown(node.get()));
        return List.of();
    }

    /** The items of a list of texts, as written; items that are not texts are problems. */
    public List<String> texts(String key) {
        List<String> texts = new ArrayList<>();
        for (YamlNode item : list(key)) {
            if (item instanceof Scalar s && !s.isBlank()) {
                texts.add(s.text().strip());
            } else {
                problems.add(new Problem(file, item.line(), name(key) + ": expected text items, not " + shown(item)));
            }
        }
        return texts;
    }

    /** The mappings of a list of mappings, each read on its own ("files[2]"). */
    public List<YamlFields> mappings(String key) {
        List<YamlFields> items = new ArrayList<>();
        List<YamlNode> list = list(key);
        for (int i = 0; i < list.size(); i++) {
            YamlNode item = list.get(i);
            if (item instanceof Mapping m) {
                items.add(new YamlFields(file, name(key) + "[" + (i + 1) + "]", m, problems));
            } else {
                problems.add(new Problem(file, item.line(), name(key) + "[" + (i + 1) + "]: expected a mapping, not "
                        + shown(item)));
            }
        }
        return items;
    }

    /** A nested mapping; present but not a mapping is a problem. Blank counts as absent. */
    public Optional<YamlFields> section(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof Scalar s && s.isBlank()) {
            return Optional.empty();
        }
        if (node.get() instanceof Mapping m) {
            return Optional.of(new YamlFields(file, name(key), m, problems));
        }
        problem(key, "expected a mapping, not " + shown(node.get()));
        return Optional.empty();
    }

    /** A nested mapping of named mappings ("wrong: {name: {...}}"), each read on its own. */
    public Map<String, YamlFields> sections(String key) {
        Map<String, YamlFields> sections = new LinkedHashMap<>();
        section(key).ifPresent(outer -> {
            for (String name : outer.keys()) {
                outer.section(name).ifPresentOrElse(inner -> sections.put(name, inner),
                        () -> sections.put(name, new YamlFields(file, outer.name(name),
                                new Mapping(Map.of(), outer.line(name)), problems)));
            }
        });
        return sections;
    }

    /** An empty mapping at this one's line, for a section that is optional and absent. */
    public YamlFields empty(String key) {
        return new YamlFields(file, name(key), new Mapping(Map.of(), line(key)), problems);
    }

    /** Reports every key not in {@code known}, naming the known key it is closest to. */
    public void allowOnly(Collection<String> known) {
        for (String key : keys()) {
            if (!known.contains(key)) {
                Optional<String> near = closest(key, known);
                problem(key, "unknown key" + near.map(k -> ", did you mean '" + k + "'?")
                        .orElse(" (known: " + String.join(", ", known) + ")"));
            }
        }
    }

    private String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String kind(YamlNode node) {
        return switch (node) {
            case Mapping m -> "mapping";
            case Sequence s -> "list";
            case Scalar s -> "value";
        };
    }

    private static String shown(YamlNode node) {
        if (node instanceof Scalar s) {
            String text = s.text().length() > 40 ? s.text().substring(0, 40) + "…" : s.text();
            return "'" + text + "'";
        }
        return "a " + kind(node);
    }

    /** The known word within two edits of {@code word}, if one is. */
    public static Optional<String> closest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(word, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
