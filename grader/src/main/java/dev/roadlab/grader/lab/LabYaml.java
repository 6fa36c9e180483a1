package dev.roadlab.grader.lab;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads lab.yaml into a {@link LabDefinition}, with errors that name the file and the field. */
final class LabYaml {

    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String source;

    private LabYaml(String source) {
        this.source = source;
    }

    /**
     * @param source  where the text came from, for error messages (e.g. "labs/audit-log-indexes/lab.yaml")
     * @param text    the YAML
     * @param labFiles   reads a file of the lab folder by relative path (seeds, harness files)
     */
    static LabDefinition parse(String source, String text, Function<String, Optional<String>> labFiles) {
        return new LabYaml(source).definition(text, labFiles);
    }

    private LabDefinition definition(String text, Function<String, Optional<String>> labFiles) {
        Map<String, Object> root = map(load(text), "the document");
        String id = string(root, "id");
        if (!ID.matcher(id).matches()) {
            throw fail("id '" + id + "' must be lower-case letters, digits and dashes");
        }
        List<FileRule> files = new ArrayList<>();
        for (Object item : list(root, "files")) {
            Map<String, Object> f = map(item, "files[]");
            String name = string(f, "name");
            if (!FILE_NAME.matcher(name).matches() || name.startsWith(".")) {
                throw fail("files: '" + name + "' is not a plain file name");
            }
            files.add(new FileRule(name, size(f, "max-size"), optionalString(f, "description").orElse("")));
        }
        if (files.isEmpty()) {
            throw fail("files: a lab takes at least one file");
        }
        Set<SandboxKind> sandboxes = EnumSet.noneOf(SandboxKind.class);
        for (Object kind : list(root, "sandboxes")) {
            try {
                sandboxes.add(SandboxKind.fromWireName(String.valueOf(kind)));
            } catch (IllegalArgumentException e) {
                throw fail("sandboxes: " + e.getMessage());
            }
        }
        Optional<PostgresSpec> postgres = Optional.empty();
        if (sandboxes.contains(SandboxKind.POSTGRES)) {
            Map<String, Object> pg = map(root.get("postgres"), "postgres");
            String seedFile = string(pg, "seed");
            String seed = labFiles.apply(seedFile).orElseThrow(() -> fail("postgres.seed: no file '" + seedFile + "'"));
            int connections = optionalInt(pg, "connections").orElse(8);
            if (connections < 1 || connections > 200) {
                throw fail("postgres.connections must be between 1 and 200");
            }
            postgres = Optional.of(new PostgresSpec(seed, connections));
        }
        Optional<NginxSpec> nginx = Optional.empty();
        if (sandboxes.contains(SandboxKind.NGINX)) {
            Map<String, Object> n = map(root.get("nginx"), "nginx");
            String harness = string(n, "harness");
            String main = optionalString(n, "config").orElse("nginx.conf");
            if (labFiles.apply(harness + "/" + main).isEmpty()) {
                throw fail("nginx: no file '" + harness + "/" + main + "'");
            }
            nginx = Optional.of(new NginxSpec(harness, main));
        }
        Limits limits = Limits.DEFAULT;
        if (root.get("limits") != null) {
            Map<String, Object> l = map(root.get("limits"), "limits");
            limits = new Limits(
                    optionalString(l, "run").map(this::duration).orElse(Limits.DEFAULT.run()),
                    optionalString(l, "check").map(this::duration).orElse(Limits.DEFAULT.check()));
        }
        Map<String, WrongSolution> wrong = new LinkedHashMap<>();
        if (root.get("wrong") != null) {
            for (Map.Entry<String, Object> e : map(root.get("wrong"), "wrong").entrySet()) {
                Map<String, Object> w = map(e.getValue(), "wrong." + e.getKey());
                Set<String> fails = new LinkedHashSet<>();
                for (Object check : list(w, "fails")) {
                    fails.add(String.valueOf(check));
                }
                wrong.put(e.getKey(), new WrongSolution(e.getKey(), fails,
                        optionalString(w, "description").orElse("")));
            }
        }
        return new LabDefinition(id, string(root, "title"), optionalString(root, "summary").orElse(""),
                string(root, "checks"), files, sandboxes, postgres, nginx, limits, wrong);
    }

    private Object load(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(20)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(1_000_000)
                .build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw fail(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw fail(what + ": expected a mapping");
    }

    private List<?> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw fail(key + ": expected a list");
    }

    private String string(Map<String, Object> map, String key) {
        return optionalString(map, key).orElseThrow(() -> fail(key + ": required"));
    }

    private Optional<String> optionalString(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            throw fail(key + ": expected text");
        }
        return Optional.of(String.valueOf(value).strip());
    }

    private Optional<Integer> optionalInt(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            return Optional.of(n.intValue());
        }
        throw fail(key + ": expected a number");
    }

    private long size(Map<String, Object> map, String key) {
        try {
            return Quantities.parseSize(string(map, key));
        } catch (IllegalArgumentException e) {
            throw fail(key + ": " + e.getMessage());
        }
    }

    private java.time.Duration duration(String text) {
        try {
            return Quantities.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw fail("limits: " + e.getMessage());
        }
    }

    private InvalidLabException fail(String message) {
        return new InvalidLabException(source + ": " + message);
    }
}
