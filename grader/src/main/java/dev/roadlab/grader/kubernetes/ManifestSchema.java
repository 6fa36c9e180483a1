package dev.roadlab.grader.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roadlab.grader.yaml.YamlNode;
import dev.roadlab.grader.yaml.YamlNode.Mapping;
import dev.roadlab.grader.yaml.YamlNode.Scalar;
import dev.roadlab.grader.yaml.YamlNode.ScalarType;
import dev.roadlab.grader.yaml.YamlNode.Sequence;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a YAML document against the fabric8 model class of its kind the way the API server's strict decoding does:
 * every key must be a field of the object it is in, and every value of the type that field takes. The model's
 * classes alone would not say so: they keep unknown fields aside ({@code additionalProperties}) and coerce
 * {@code 8080} into the text {@code "8080"}.
 */
final class ManifestSchema {

    /** One thing wrong in a document, where it is. */
    record Problem(int line, String message) {
    }

    /** Kubernetes' quantity syntax: a number, then an SI or binary suffix or an exponent ({@code 500m}, {@code 1Gi}). */
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\\d+)?");
    private static final int MAX_PROBLEMS = 20;
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private static final ClassValue<Map<String, Type>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, Type> computeValue(Class<?> type) {
            Map<String, Type> properties = new LinkedHashMap<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    JsonProperty json = field.getAnnotation(JsonProperty.class);
                    if (json != null && !Modifier.isStatic(field.getModifiers())) {
                        String name = json.value().isEmpty() ? field.getName() : json.value();
                        properties.putIfAbsent(name, field.getGenericType());
                    }
                }
            }
            return Collections.unmodifiableMap(properties);
        }
    };

    private final List<Problem> problems = new ArrayList<>();

    private ManifestSchema() {
    }

    /** The problems of a document read as {@code type}, in file order; empty when Kubernetes would accept it. */
    static List<Problem> check(Mapping document, Class<?> type) {
        ManifestSchema schema = new ManifestSchema();
        schema.object(document, type, "");
        return List.copyOf(schema.problems);
    }

    /** Whether the model reads this class field by field (rather than through a deserializer of its own). */
    static boolean isModelObject(Class<?> type) {
        return KubernetesResource.class.isAssignableFrom(type) && type != IntOrString.class
                && !PROPERTIES.get(type).isEmpty();
    }

    private void value(YamlNode node, Type type, String path) {
        if (problems.size() >= MAX_PROBLEMS || node instanceof Scalar s && s.type() == ScalarType.NULL) {
            return; // null means unset, for every field
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (List.class.isAssignableFrom(raw)) {
                list(node, p.getActualTypeArguments()[0], path);
            } else if (Map.class.isAssignableFrom(raw)) {
                map(node, p.getActualTypeArguments()[1], path);
            }
            return;
        }
        if (!(type instanceof Class<?> c)) {
            return;
        }
        if (c == String.class) {
            scalar(node, path, "text", ScalarType.TEXT);
        } else if (c == Integer.class || c == int.class || c == Short.class) {
            integer(node, path, INT_MIN, INT_MAX);
        } else if (c == Long.class || c == long.class) {
            integer(node, path, LONG_MIN, LONG_MAX);
        } else if (c == Double.class || c == double.class || c == Float.class) {
            scalar(node, path, "a number", ScalarType.INTEGER, ScalarType.DECIMAL);
        } else if (c == Boolean.class || c == boolean.class) {
            scalar(node, path, "true or false", ScalarType.BOOLEAN);
        } else if (c == IntOrString.class) {
            scalar(node, path, "a number or a name", ScalarType.INTEGER, ScalarType.TEXT);
        } else if (c == Quantity.class) {
            quantity(node, path);
        } else if (isModelObject(c)) {
            object(node, c, path);
        }
        // Anything else (Object, JsonNode, types with deserializers of their own) takes any value.
    }

    private void object(YamlNode node, Class<?> type, String path) {
        if (!(node instanceof Mapping mapping)) {
            report(node.line(), at(path) + "expected a mapping of fields (key: value), found " + describe(node));
            return;
        }
        Map<String, Type> properties = PROPERTIES.get(type);
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String key = entry.getKey();
            Type field = properties.get(key);
            String child = path.isEmpty() ? key : path + "." + key;
            if (field == null) {
                report(mapping.lineOf(key), "unknown field '" + key + "'" + (path.isEmpty() ? "" : " in " + path)
                        + suggestion(key, type, path));
            } else {
                value(entry.getValue(), field, child);
            }
        }
    }

    private void list(YamlNode node, Type item, String path) {
        if (!(node instanceof Sequence sequence)) {
            report(node.line(), at(path) + "expected a list (items starting with '- '), found " + describe(node));
            return;
        }
        for (int i = 0; i < sequence.items().size(); i++) {
            value(sequence.items().get(i), item, path + "[" + i + "]");
        }
    }

    private void map(YamlNode node, Type value, String path) {
        if (!(node instanceof Mapping mapping)) {
            report(node.line(), at(path) + "expected a mapping (key: value), found " + describe(node));
            return;
        }
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            value(entry.getValue(), value, path + "." + entry.getKey());
        }
    }

    private void scalar(YamlNode node, String path, String expected, ScalarType... accepted) {
        if (!(node instanceof Scalar scalar)) {
            report(node.line(), at(path) + "expected " + expected + ", found " + describe(node));
            return;
        }
        for (ScalarType type : accepted) {
            if (scalar.type() == type) {
                return;
            }
        }
        String text = scalar.text().strip();
        boolean unquotedWouldDo = accepted[0] == ScalarType.BOOLEAN ? text.equals("true") || text.equals("false")
                : accepted[0] == ScalarType.INTEGER && text.matches("[+-]?\\d+(\\.\\d+)?");
        String quoteHint = scalar.type() == ScalarType.TEXT ? (unquotedWouldDo ? ": remove the quotes" : "")
                : accepted[0] == ScalarType.TEXT ? ": quote it (\"" + scalar.text() + "\")" : "";
        report(scalar.line(), at(path) + describe(scalar) + ", but Kubernetes expects " + expected + " here"
                + quoteHint);
    }

    private void integer(YamlNode node, String path, BigInteger min, BigInteger max) {
        if (node instanceof Scalar s && s.type() == ScalarType.INTEGER) {
            Optional<BigInteger> value = wholeNumber(s.text());
            if (value.isEmpty() || value.get().compareTo(min) < 0 || value.get().compareTo(max) > 0) {
                report(s.line(), at(path) + s.text() + " is out of range for this field (at most " + max + ")");
            }
            return;
        }
        scalar(node, path, "a whole number", ScalarType.INTEGER);
    }

    private void quantity(YamlNode node, String path) {
        if (!(node instanceof Scalar scalar) || scalar.type() == ScalarType.BOOLEAN) {
            report(node.line(), at(path) + "expected a quantity such as 250m, 1 or 512Mi, found " + describe(node));
            return;
        }
        if (!QUANTITY.matcher(scalar.text().strip()).matches()) {
            report(scalar.line(), at(path) + "'" + scalar.text() + "' is not a quantity: write a number with an "
                    + "optional suffix, such as 250m (a quarter of a CPU), 512Mi (mebibytes) or 1G (gigabytes)");
        }
    }

    private static Optional<BigInteger> wholeNumber(String text) {
        String t = text.strip().replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Optional.of(new BigInteger(t.substring(2), 16));
            }
            if (t.startsWith("0o")) {
                return Optional.of(new BigInteger(t.substring(2), 8));
            }
            return Optional.of(new BigInteger(t.startsWith("+") ? t.substring(1) : t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "— did you mean 'replicas'?", or where the field would belong, a few levels down ("spec.replicas"). */
    private static String suggestion(String key, Class<?> type, String path) {
        Map<String, Type> properties = PROPERTIES.get(type);
        Optional<String> near = Suggestions.nearest(key, properties.keySet());
        if (near.isPresent()) {
            return " — did you mean '" + near.get() + "'?";
        }
        record Level(Class<?> type, String prefix, int depth) {
        }
        Deque<Level> queue = new ArrayDeque<>();
        queue.add(new Level(type, "", 0));
        while (!queue.isEmpty()) {
            Level level = queue.poll();
            for (Map.Entry<String, Type> field : PROPERTIES.get(level.type()).entrySet()) {
                if (field.getValue() instanceof Class<?> c && isModelObject(c)) {
                    String prefix = level.prefix() + field.getKey() + ".";
                    if (PROPERTIES.get(c).containsKey(key)) {
                        return " — it belongs under " + (path.isEmpty() ? "" : path + ".") + prefix
                                .substring(0, prefix.length() - 1) + " (" + prefix + key + ")";
                    }
                    if (level.depth() < 2) {
                        queue.add(new Level(c, prefix, level.depth() + 1));
                    }
                }
            }
        }
        return "";
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    static String describe(YamlNode node) {
        return switch (node) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s -> switch (s.type()) {
                case TEXT -> "the text \"" + shorten(s.text()) + "\"";
                case INTEGER, DECIMAL -> "the number " + s.text();
                case BOOLEAN -> "the boolean " + s.text();
                case NULL -> "nothing";
            };
        };
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private void report(int line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(line, message));
        }
    }
}
