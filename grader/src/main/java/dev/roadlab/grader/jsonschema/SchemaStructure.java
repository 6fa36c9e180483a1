package dev.roadlab.grader.jsonschema;

import dev.roadlab.grader.check.SubmissionError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * What a draft 2020-12 schema lets through, read from the schema itself: for every place in an instance the schema
 * describes (the root, {@code /items/*}, {@code /shippingAddress/name}, ...), which subschemas apply there, and
 * whether together they close objects, bound strings, arrays and numbers.
 *
 * <p>The walk follows what a validator applies: {@code properties}, {@code patternProperties},
 * {@code additionalProperties}, {@code items}, {@code prefixItems}, {@code unevaluated*}, and in place
 * {@code $ref} (within the document: JSON pointers, {@code $id}s and {@code $anchor}s), {@code allOf}, and the
 * alternatives of {@code anyOf}, {@code oneOf}, {@code if}/{@code then}/{@code else} and {@code dependentSchemas}.
 * Alternatives are read as cases: a place is bounded only if it is bounded in every case. {@code contains},
 * {@code not} and {@code if} only ever refuse more, so they open nothing and are not walked. Subschemas that apply
 * together count together: {@code minimum} in one {@code allOf} branch and {@code maximum} in another bound a
 * number, and {@code unevaluatedProperties: false} closes the properties its siblings declare.
 *
 * <pre>{@code
 * SchemaStructure structure = LabJsonSchema.load(submission, "order.schema.json").structure();
 * for (SchemaStructure.Finding open : structure.openObjects()) { ... open.pointer() ... }
 * }</pre>
 */
public final class SchemaStructure {

    /** The kinds of value a bound is about. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER }

    /**
     * A place where the schema lets through more than it should.
     *
     * @param pointer      JSON pointer of the subschema at fault, in the schema file ("" for the root)
     * @param position     where that subschema starts in the file, e.g. "line 12, column 5" (empty if unknown)
     * @param instancePath the part of a request it describes, e.g. {@code /items/*}/sku ({@code *}: any element)
     * @param problem      what it lets through, in the learner's terms
     */
    public record Finding(String pointer, String position, String instancePath, String problem) {

        /** "/properties/coupon (line 30, column 5), which describes /coupon: a string of any length (no maxLength)". */
        public String describe() {
            return (pointer.isEmpty() ? "the root schema" : pointer) + (position.isEmpty() ? "" : " (" + position + ")")
                    + ", which describes " + (instancePath.isEmpty() ? "the whole request" : instancePath) + ": "
                    + problem;
        }
    }

    /** A place in instances and one case of the subschemas that apply there (pointers into the schema file). */
    private record Location(String path, List<String> world) {
    }

    /** Locations walked in one schema; more than a contract like an order needs by two orders of magnitude. */
    static final int MAX_LOCATIONS = 5_000;
    /** Cases one place may split into through anyOf/oneOf/if alternatives. */
    static final int MAX_CASES = 256;

    private static final List<String> SINGLE = List.of("additionalProperties", "unevaluatedProperties", "items",
            "contains", "propertyNames", "not", "if", "then", "else", "unevaluatedItems", "contentSchema");
    private static final List<String> ARRAYS = List.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final List<String> MAPS = List.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    private static final URI DEFAULT_BASE = URI.create("https://roadlab.invalid/schema.json");

    private final JsonSource source;
    private final Map<String, URI> bases = new HashMap<>();
    private final Map<String, String> resources = new HashMap<>();
    private final Map<String, String> anchors = new HashMap<>();
    private final Map<String, String> dynamicAnchors = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();
    private final List<Location> locations = new ArrayList<>();
    private final Map<Kind, List<Finding>> findings = new LinkedHashMap<>();

    private SchemaStructure(JsonSource source) {
        this.source = source;
        for (Kind kind : Kind.values()) {
            findings.put(kind, new ArrayList<>());
        }
    }

    /** Reads the schema's structure; a {@code $ref} that leads nowhere or a pattern that does not compile is a {@link SubmissionError}. */
    static SchemaStructure of(JsonSource source) {
        SchemaStructure structure = new SchemaStructure(source);
        structure.index("", source.root(), DEFAULT_BASE);
        structure.walk();
        return structure;
    }

    /** Object schemas that let through properties they do not list. */
    public List<Finding> openObjects() {
        return List.copyOf(findings.get(Kind.OBJECT));
    }

    /** String schemas without {@code maxLength} (nor {@code enum}/{@code const}). */
    public List<Finding> unboundedStrings() {
        return List.copyOf(findings.get(Kind.STRING));
    }

    /** Array schemas without {@code maxItems} (nor {@code items: false}), or whose elements nothing describes. */
    public List<Finding> unboundedArrays() {
        return List.copyOf(findings.get(Kind.ARRAY));
    }

    /** Number schemas without a lower or an upper bound. */
    public List<Finding> unboundedNumbers() {
        return List.copyOf(findings.get(Kind.NUMBER));
    }

    /**
     * Whether the schema says anything about the part of a request at {@code instancePath}, e.g.
     * {@code /shippingAddress/name} or {@code /items/*}/sku ({@code *} stands for any element). A part no subschema
     * describes is only bounded by what its container refuses.
     */
    public boolean describes(String instancePath) {
        return locations.stream().anyMatch(l -> matches(instancePath, l.path()));
    }

    /**
     * The subschemas that describe {@code instancePath}, as "pointer (line N)" strings, the first of each case:
     * where in the file a learner would change what that part of a request accepts.
     */
    public List<String> schemasFor(String instancePath) {
        Set<String> out = new LinkedHashSet<>();
        for (Location location : locations) {
            if (matches(instancePath, location.path())) {
                out.add(label(location.world().getFirst()));
            }
        }
        return List.copyOf(out);
    }

    private String label(String pointer) {
        JsonSource.Position at = source.position(pointer);
        return (pointer.isEmpty() ? "the root schema" : pointer) + (at == null ? "" : " (line " + at.line() + ")");
    }

    private static boolean matches(String template, String path) {
        String[] want = template.split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean anyElement = want[i].equals("*") && (have[i].equals("*") || have[i].matches("[0-9]+"));
            if (!anyElement && !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    // ---- index: ids, anchors, bases, patterns ----

    private void index(String pointer, JsonNode node, URI base) {
        if (!node.isObject()) {
            return;
        }
        URI here = base;
        JsonNode id = node.get("$id");
        if (id != null && id.isString()) {
            here = resolveUri(base, id.asString(), pointer + "/$id");
            resources.put(withoutFragment(here), pointer);
        } else if (pointer.isEmpty()) {
            resources.put(withoutFragment(here), pointer);
        }
        bases.put(pointer, here);
        JsonNode anchor = node.get("$anchor");
        if (anchor != null && anchor.isString()) {
            anchors.put(withoutFragment(here) + "#" + anchor.asString(), pointer);
        }
        JsonNode dynamic = node.get("$dynamicAnchor");
        if (dynamic != null && dynamic.isString()) {
            dynamicAnchors.put(dynamic.asString(), pointer);
            anchors.putIfAbsent(withoutFragment(here) + "#" + dynamic.asString(), pointer);
        }
        JsonNode pattern = node.get("pattern");
        if (pattern != null && pattern.isString()) {
            compile(pattern.asString(), pointer + "/pattern");
        }
        JsonNode patternProperties = node.get("patternProperties");
        if (patternProperties != null && patternProperties.isObject()) {
            for (String key : patternProperties.propertyNames()) {
                compile(key, pointer + "/patternProperties/" + JsonSource.escape(key));
            }
        }
        for (String keyword : SINGLE) {
            JsonNode sub = node.get(keyword);
            if (sub != null) {
                index(pointer + "/" + keyword, sub, here);
            }
        }
        for (String keyword : ARRAYS) {
            JsonNode subs = node.get(keyword);
            if (subs != null && subs.isArray()) {
                for (int i = 0; i < subs.size(); i++) {
                    index(pointer + "/" + keyword + "/" + i, subs.get(i), here);
                }
            }
        }
        for (String keyword : MAPS) {
            JsonNode subs = node.get(keyword);
            if (subs != null && subs.isObject()) {
                for (var entry : subs.properties()) {
                    index(pointer + "/" + keyword + "/" + JsonSource.escape(entry.getKey()), entry.getValue(), here);
                }
            }
        }
    }

    private void compile(String regex, String pointer) {
        try {
            patterns.put(regex, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new SubmissionError(source.describe(pointer) + ": the pattern " + regex + " is not a regular"
                    + " expression: " + e.getDescription() + (e.getIndex() >= 0 ? " at character " + e.getIndex() : ""));
        }
    }

    private URI resolveUri(URI base, String reference, String pointer) {
        try {
            URI ref = new URI(reference);
            return base.resolve(ref);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SubmissionError(source.describe(pointer) + ": " + reference + " is not a URI reference");
        }
    }

    private static String withoutFragment(URI uri) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    /** The pointer a {@code $ref} of the subschema at {@code from} leads to, within this document. */
    private String resolve(String from, String keyword, String reference) {
        URI base = bases.getOrDefault(from, DEFAULT_BASE);
        String refPointer = from + "/" + keyword;
        if (keyword.equals("$dynamicRef") && reference.startsWith("#") && dynamicAnchors.containsKey(reference.substring(1))) {
            return dynamicAnchors.get(reference.substring(1));
        }
        URI target = resolveUri(base, reference, refPointer);
        String resource = resources.get(withoutFragment(target));
        if (resource == null) {
            throw new SubmissionError(source.describe(refPointer) + ": the $ref " + reference + " leads outside "
                    + source.fileName() + "; the grader follows only references within the file (#/$defs/...,"
                    + " an $anchor, or a subschema's $id) and fetches nothing.");
        }
        String fragment = target.getFragment();
        String pointer;
        if (fragment == null || fragment.isEmpty()) {
            pointer = resource;
        } else if (fragment.startsWith("/")) {
            pointer = resource + fragment;
        } else {
            pointer = anchors.get(withoutFragment(target) + "#" + fragment);
            if (pointer == null) {
                throw new SubmissionError(source.describe(refPointer) + ": the $ref " + reference
                        + " names the anchor " + fragment + ", which no $anchor in " + source.fileName() + " declares.");
            }
        }
        JsonNode node = at(pointer);
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new SubmissionError(source.describe(refPointer) + ": the $ref " + reference + " leads to "
                    + (node == null ? "nothing: " + source.fileName() + " has no " + pointer : pointer + ", which is not a schema")
                    + ".");
        }
        return pointer;
    }

    private JsonNode at(String pointer) {
        if (pointer.isEmpty()) {
            return source.root();
        }
        JsonNode node = source.root().at(pointer);
        return node == null || node.isMissingNode() ? null : node;
    }

    // ---- the walk ----

    private record Pending(String path, List<String> seeds) {
    }

    private void walk() {
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending("", List.of("")));
        Set<Set<String>> walked = new HashSet<>();
        Set<String> reported = new HashSet<>();
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            for (List<String> world : cases(next.path(), next.seeds())) {
                locations.add(new Location(next.path(), world));
                if (locations.size() > MAX_LOCATIONS) {
                    throw new SubmissionError(source.fileName() + " describes more than " + MAX_LOCATIONS
                            + " places in a request (counting each anyOf/oneOf case): far more than the contract has."
                            + " Write one subschema per part of the request.");
                }
                if (walked.add(new TreeSet<>(world))) {
                    judge(next.path(), world, reported);
                    children(next.path(), world, queue);
                }
            }
        }
    }

    /** The cases of subschemas that apply together at one place: seeds, plus what they apply in place. */
    private List<List<String>> cases(String path, List<String> seeds) {
        record State(LinkedHashSet<String> world, Deque<String> pending, List<List<String>> choices) {
        }
        List<List<String>> out = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        Deque<State> states = new ArrayDeque<>();
        states.push(new State(new LinkedHashSet<>(), new ArrayDeque<>(seeds), new ArrayList<>()));
        int made = 1;
        while (!states.isEmpty()) {
            State state = states.pop();
            while (!state.pending().isEmpty()) {
                String pointer = state.pending().poll();
                if (!state.world().add(pointer)) {
                    continue;
                }
                JsonNode node = at(pointer);
                if (node == null || !node.isObject()) {
                    continue;
                }
                for (String ref : List.of("$ref", "$dynamicRef")) {
                    JsonNode reference = node.get(ref);
                    if (reference != null && reference.isString()) {
                        state.pending().add(resolve(pointer, ref, reference.asString()));
                    }
                }
                each(node, "allOf", pointer, state.pending()::add);
                for (String keyword : List.of("anyOf", "oneOf")) {
                    List<String> branches = new ArrayList<>();
                    each(node, keyword, pointer, branches::add);
                    if (!branches.isEmpty()) {
                        state.choices().add(branches);
                    }
                }
                if (node.has("if")) {
                    List<String> branches = new ArrayList<>();
                    branches.add(node.has("then") ? pointer + "/then" : null);
                    branches.add(node.has("else") ? pointer + "/else" : null);
                    state.choices().add(branches);
                }
                JsonNode dependent = node.get("dependentSchemas");
                if (dependent != null && dependent.isObject()) {
                    for (String key : dependent.propertyNames()) {
                        List<String> branches = new ArrayList<>();
                        branches.add(pointer + "/dependentSchemas/" + JsonSource.escape(key));
                        branches.add(null);
                        state.choices().add(branches);
                    }
                }
            }
            if (state.choices().isEmpty()) {
                if (seen.add(new HashSet<>(state.world()))) {
                    out.add(List.copyOf(state.world()));
                }
                continue;
            }
            List<String> choice = state.choices().removeFirst();
            for (String branch : choice) {
                if (++made > MAX_CASES) {
                    throw new SubmissionError(source.describe(seeds.getFirst()) + ": its anyOf/oneOf/if alternatives"
                            + " combine into more than " + MAX_CASES + " cases for " + (path.isEmpty() ? "the request" : path)
                            + ". The contract needs none of that: describe each part of the request once.");
                }
                Deque<String> pending = new ArrayDeque<>();
                if (branch != null) {
                    pending.add(branch);
                }
                states.push(new State(new LinkedHashSet<>(state.world()), pending, new ArrayList<>(state.choices())));
            }
        }
        return out;
    }

    private static void each(JsonNode node, String keyword, String pointer, Consumer<String> into) {
        JsonNode subs = node.get(keyword);
        if (subs != null && subs.isArray()) {
            for (int i = 0; i < subs.size(); i++) {
                into.accept(pointer + "/" + keyword + "/" + i);
            }
        }
    }

    private List<JsonNode> nodes(List<String> world) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String pointer : world) {
            nodes.add(at(pointer));
        }
        return nodes;
    }

    private void children(String path, List<String> world, Deque<Pending> queue) {
        List<JsonNode> nodes = nodes(world);
        if (finite(nodes)) {
            return;
        }
        if (admits(nodes, Kind.OBJECT)) {
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode node : nodes) {
                JsonNode properties = node.isObject() ? node.get("properties") : null;
                if (properties != null && properties.isObject()) {
                    names.addAll(properties.propertyNames());
                }
            }
            for (String name : names) {
                List<String> seeds = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    JsonNode node = nodes.get(i);
                    if (!node.isObject()) {
                        continue;
                    }
                    String pointer = world.get(i);
                    JsonNode properties = node.get("properties");
                    if (properties != null && properties.has(name)) {
                        seeds.add(pointer + "/properties/" + JsonSource.escape(name));
                        continue;
                    }
                    boolean matched = false;
                    JsonNode patternProperties = node.get("patternProperties");
                    if (patternProperties != null && patternProperties.isObject()) {
                        for (String key : patternProperties.propertyNames()) {
                            if (patterns.get(key).matcher(name).find()) {
                                seeds.add(pointer + "/patternProperties/" + JsonSource.escape(key));
                                matched = true;
                            }
                        }
                    }
                    JsonNode additional = node.get("additionalProperties");
                    if (!matched && additional != null && additional.isObject()) {
                        seeds.add(pointer + "/additionalProperties");
                    }
                }
                queue.add(new Pending(path + "/" + JsonSource.escape(name), seeds));
            }
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode node = nodes.get(i);
                String pointer = world.get(i);
                if (!node.isObject()) {
                    continue;
                }
                for (String keyword : List.of("additionalProperties", "unevaluatedProperties")) {
                    if (node.has(keyword) && node.get(keyword).isObject()) {
                        queue.add(new Pending(path + "/<other>", List.of(pointer + "/" + keyword)));
                    }
                }
                JsonNode patternProperties = node.get("patternProperties");
                if (patternProperties != null && patternProperties.isObject()) {
                    for (String key : patternProperties.propertyNames()) {
                        queue.add(new Pending(path + "/<other>",
                                List.of(pointer + "/patternProperties/" + JsonSource.escape(key))));
                    }
                }
            }
        }
        if (admits(nodes, Kind.ARRAY)) {
            int prefix = 0;
            for (JsonNode node : nodes) {
                JsonNode prefixItems = node.isObject() ? node.get("prefixItems") : null;
                if (prefixItems != null && prefixItems.isArray()) {
                    prefix = Math.max(prefix, prefixItems.size());
                }
            }
            for (int index = 0; index < prefix; index++) {
                List<String> seeds = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    JsonNode node = nodes.get(i);
                    if (!node.isObject()) {
                        continue;
                    }
                    JsonNode prefixItems = node.get("prefixItems");
                    if (prefixItems != null && prefixItems.isArray() && prefixItems.size() > index) {
                        seeds.add(world.get(i) + "/prefixItems/" + index);
                    } else if (node.has("items") && node.get("items").isObject()) {
                        seeds.add(world.get(i) + "/items");
                    }
                }
                queue.add(new Pending(path + "/" + index, seeds));
            }
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode node = nodes.get(i);
                if (!node.isObject()) {
                    continue;
                }
                if (node.has("items") && node.get("items").isObject()) {
                    rest.add(world.get(i) + "/items");
                }
                if (node.has("unevaluatedItems") && node.get("unevaluatedItems").isObject()) {
                    queue.add(new Pending(path + "/*", List.of(world.get(i) + "/unevaluatedItems")));
                }
            }
            if (!rest.isEmpty() && !closesElements(nodes)) {
                queue.add(new Pending(path + "/*", rest));
            }
        }
    }

    // ---- judging one case at one place ----

    private void judge(String path, List<String> world, Set<String> reported) {
        List<JsonNode> nodes = nodes(world);
        if (finite(nodes)) {
            return;
        }
        boolean typed = nodes.stream().anyMatch(n -> n.isObject() && n.has("type"));
        String untyped = "has no type, so any JSON value passes it, including ";
        if (admits(nodes, Kind.OBJECT) && !closed(nodes)) {
            report(Kind.OBJECT, path, world, nodes, reported, typed
                    ? "lets through properties it does not list (it has no additionalProperties: false and no"
                    + " unevaluatedProperties: false)"
                    : untyped + "an object with any properties", "additionalProperties", "unevaluatedProperties", "type");
        }
        if (admits(nodes, Kind.STRING) && !has(nodes, "maxLength")) {
            report(Kind.STRING, path, world, nodes, reported, typed ? "a string of any length (no maxLength)"
                    : untyped + "a string of any length", "maxLength", "type");
        }
        if (admits(nodes, Kind.ARRAY)) {
            if (!boundedArray(nodes)) {
                report(Kind.ARRAY, path, world, nodes, reported, typed ? "any number of elements (no maxItems)"
                        : untyped + "an array of any length", "maxItems", "type");
            } else if (!describesElements(nodes)) {
                report(Kind.ARRAY, path, world, nodes, reported, "elements that can be anything (nothing describes"
                        + " them: no items)", "items", "prefixItems");
            }
        }
        if (admits(nodes, Kind.NUMBER)) {
            boolean lower = has(nodes, "minimum") || has(nodes, "exclusiveMinimum");
            boolean upper = has(nodes, "maximum") || has(nodes, "exclusiveMaximum");
            if (!lower || !upper) {
                String missing = !lower && !upper ? "no minimum and no maximum" : !lower ? "no minimum" : "no maximum";
                report(Kind.NUMBER, path, world, nodes, reported, typed ? "a number with " + missing
                        : untyped + "any number", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "type");
            }
        }
    }

    private void report(Kind kind, String path, List<String> world, List<JsonNode> nodes, Set<String> reported,
                        String problem, String... fixes) {
        String pointer = blame(kind, world, nodes);
        if (!reported.add(kind + " " + pointer)) {
            return;
        }
        String note = misspelled(world, nodes, fixes);
        JsonSource.Position at = source.position(pointer);
        findings.get(kind).add(new Finding(pointer, at == null ? "" : at.toString(), path, problem + note));
    }

    /** The subschema to name: the one that says it describes this kind of value, else the one the place starts at. */
    private static String blame(Kind kind, List<String> world, List<JsonNode> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (typeIncludes(nodes.get(i), kind)) {
                return world.get(i);
            }
        }
        List<String> keywords = switch (kind) {
            case OBJECT -> List.of("properties", "required", "additionalProperties", "unevaluatedProperties",
                    "patternProperties", "propertyNames", "maxProperties");
            case ARRAY -> List.of("items", "prefixItems", "maxItems", "minItems", "uniqueItems", "contains");
            case STRING -> List.of("maxLength", "minLength", "pattern", "format");
            case NUMBER -> List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
        };
        for (int i = 0; i < nodes.size(); i++) {
            for (String keyword : keywords) {
                if (nodes.get(i).isObject() && nodes.get(i).has(keyword)) {
                    return world.get(i);
                }
            }
        }
        return world.getFirst();
    }

    /** A note when a near-miss of a keyword that would fix this sits in the schema (JSON Schema ignores it). */
    private String misspelled(List<String> world, List<JsonNode> nodes, String... fixes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).isObject()) {
                continue;
            }
            for (String key : nodes.get(i).propertyNames()) {
                for (String fix : fixes) {
                    if (!key.equals(fix) && letters(key).equals(letters(fix))) {
                        JsonSource.Position at = source.position(world.get(i) + "/" + JsonSource.escape(key));
                        return " (note: \"" + key + "\"" + (at == null ? "" : " at line " + at.line()) + " is not a"
                                + " keyword, and JSON Schema ignores keywords it does not know: it means " + fix + ")";
                    }
                }
            }
        }
        return "";
    }

    private static String letters(String s) {
        return s.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    // ---- facts about one case ----

    /** An enum or const leaves finitely many values: nothing in it is open or unbounded. */
    private static boolean finite(List<JsonNode> nodes) {
        return nodes.stream().anyMatch(n -> n.isObject() && (n.has("enum") || n.has("const")));
    }

    private static boolean admits(List<JsonNode> nodes, Kind kind) {
        for (JsonNode node : nodes) {
            if (node.isBoolean() && !node.booleanValue()) {
                return false;
            }
            if (!node.isObject()) {
                continue;
            }
            JsonNode not = node.get("not");
            if (not != null && (not.isBoolean() && not.booleanValue() || not.isObject() && not.isEmpty())) {
                return false;
            }
            if (node.has("type") && !typeIncludes(node, kind)) {
                return false;
            }
        }
        return true;
    }

    private static boolean typeIncludes(JsonNode node, Kind kind) {
        if (!node.isObject() || !node.has("type")) {
            return false;
        }
        JsonNode type = node.get("type");
        List<String> types = new ArrayList<>();
        if (type.isString()) {
            types.add(type.asString());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        }
        return switch (kind) {
            case OBJECT -> types.contains("object");
            case ARRAY -> types.contains("array");
            case STRING -> types.contains("string");
            case NUMBER -> types.contains("number") || types.contains("integer");
        };
    }

    private static boolean has(List<JsonNode> nodes, String keyword) {
        return nodes.stream().anyMatch(n -> n.isObject() && n.has(keyword));
    }

    private static boolean isFalse(JsonNode node, String keyword) {
        JsonNode value = node.isObject() ? node.get(keyword) : null;
        return value != null && (value.isBoolean() && !value.booleanValue()
                || value.isObject() && value.size() == 1 && value.has("not") && value.get("not").isObject()
                && value.get("not").isEmpty());
    }

    private static boolean closed(List<JsonNode> nodes) {
        for (JsonNode node : nodes) {
            if (isFalse(node, "additionalProperties") && !node.has("patternProperties")) {
                return true;
            }
            JsonNode names = node.isObject() ? node.get("propertyNames") : null;
            if (names != null && (names.isBoolean() && !names.booleanValue()
                    || names.isObject() && (names.has("enum") || names.has("const")))) {
                return true;
            }
        }
        boolean opensNames = nodes.stream().anyMatch(n -> n.isObject() && (n.has("patternProperties")
                || n.has("additionalProperties") && !isFalse(n, "additionalProperties")));
        return !opensNames && nodes.stream().anyMatch(n -> isFalse(n, "unevaluatedProperties"));
    }

    private static boolean boundedArray(List<JsonNode> nodes) {
        if (has(nodes, "maxItems") || nodes.stream().anyMatch(n -> isFalse(n, "items"))) {
            return true;
        }
        boolean evaluatesAll = nodes.stream().anyMatch(n -> n.isObject() && (n.has("contains")
                || n.has("items") && !isFalse(n, "items")));
        return !evaluatesAll && nodes.stream().anyMatch(n -> isFalse(n, "unevaluatedItems"));
    }

    private static boolean closesElements(List<JsonNode> nodes) {
        return nodes.stream().anyMatch(n -> isFalse(n, "items"));
    }

    /** A keyword whose value is a schema that says something: an object, or false; true says nothing. */
    private static boolean describes(JsonNode node, String keyword) {
        JsonNode value = node.isObject() ? node.get(keyword) : null;
        return value != null && (value.isObject() || value.isBoolean() && !value.booleanValue());
    }

    /** Whether something describes every element: items, unevaluatedItems, or prefixItems as long as maxItems. */
    private static boolean describesElements(List<JsonNode> nodes) {
        if (nodes.stream().anyMatch(n -> describes(n, "items") || describes(n, "unevaluatedItems"))) {
            return true;
        }
        int prefix = 0;
        long maxItems = Long.MAX_VALUE;
        for (JsonNode node : nodes) {
            if (node.isObject() && node.has("prefixItems") && node.get("prefixItems").isArray()) {
                prefix = Math.max(prefix, node.get("prefixItems").size());
            }
            if (node.isObject() && node.has("maxItems") && node.get("maxItems").canConvertToLong()) {
                maxItems = Math.min(maxItems, node.get("maxItems").asLong());
            }
        }
        return maxItems <= prefix;
    }
}
