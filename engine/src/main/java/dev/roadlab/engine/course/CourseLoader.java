package dev.roadlab.engine.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Loads a course: {@code course.yaml} (id, title, summary, modules in order with their files and labs), each module's
 * Markdown with YAML front matter (title, summary, objectives), and the files it references. From the class path
 * ({@code roadlab/course/}, the bundled course) or a folder (a bootcamp's own).
 */
public final class CourseLoader {

    public static final String CLASSPATH_ROOT = "roadlab/course/";
    private static final long MAX_FILE_BYTES = 4 * 1024 * 1024;
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)\\s]+)");

    private final Function<String, Optional<byte[]>> reader;
    private final Map<String, byte[]> files;
    private final String origin;
    private final List<String> problems = new ArrayList<>();

    private CourseLoader(String origin, Function<String, Optional<byte[]>> reader, Map<String, byte[]> files) {
        this.origin = origin;
        this.reader = reader;
        this.files = files;
    }

    /** The bundled course (the content module's resources). */
    public static Course fromClasspath(ClassLoader loader, MarkdownRenderer renderer) {
        Function<String, Optional<byte[]>> read = path -> {
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + path)) {
                return in == null ? Optional.empty() : Optional.of(in.readNBytes((int) MAX_FILE_BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new CourseLoader("classpath:" + CLASSPATH_ROOT, read, new LinkedHashMap<>()).load(renderer);
    }

    /** A course folder. */
    public static Course fromFolder(Path folder, MarkdownRenderer renderer) {
        Path root = folder.toAbsolutePath().normalize();
        Function<String, Optional<byte[]>> read = path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new CourseLoader(root + "/", read, new LinkedHashMap<>()).load(renderer);
    }

    private Course load(MarkdownRenderer renderer) {
        Map<String, Object> course = yaml("course.yaml", text("course.yaml").orElse(null));
        List<CourseModule> modules = new ArrayList<>();
        Object list = course.get("modules");
        if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            problems.add(origin + "course.yaml: 'modules' must list at least one module");
        } else {
            for (Object entry : entries) {
                module(entry, modules.size(), renderer).ifPresent(modules::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidCourseException(problems);
        }
        return new Course(string(course, "id", "course.yaml"), string(course, "title", "course.yaml"),
                String.valueOf(course.getOrDefault("summary", "")), modules, files);
    }

    private Optional<CourseModule> module(Object entry, int position, MarkdownRenderer renderer) {
        if (!(entry instanceof Map<?, ?> m)) {
            problems.add(origin + "course.yaml: each module needs an id and a file");
            return Optional.empty();
        }
        String id = String.valueOf(m.get("id"));
        String file = String.valueOf(m.get("file"));
        List<String> labs = new ArrayList<>();
        if (m.get("labs") instanceof List<?> l) {
            l.forEach(x -> labs.add(String.valueOf(x)));
        }
        Optional<String> markdown = text(file);
        if (markdown.isEmpty()) {
            problems.add(origin + "course.yaml: module '" + id + "' names " + file + ", which does not exist");
            return Optional.empty();
        }
        FrontMatter front = FrontMatter.split(markdown.get());
        Map<String, Object> meta = front.yaml().isEmpty() ? Map.of() : yaml(file, front.yaml());
        List<String> objectives = new ArrayList<>();
        if (meta.get("objectives") instanceof List<?> o) {
            o.forEach(x -> objectives.add(String.valueOf(x)));
        }
        collectReferencedFiles(front.body());
        return Optional.of(new CourseModule(id, position, string(meta, "title", file),
                String.valueOf(meta.getOrDefault("summary", "")), objectives, labs, renderer.render(front.body()),
                origin + file));
    }

    /** Keeps the images a module references, so they are served from memory. */
    private void collectReferencedFiles(String markdown) {
        Matcher m = IMAGE.matcher(markdown);
        while (m.find()) {
            String path = m.group(1);
            if (!path.contains(":") && !path.startsWith("/") && !path.contains("..")) {
                reader.apply(path).ifPresent(bytes -> files.put(path, bytes));
            }
        }
    }

    private Optional<String> text(String path) {
        return reader.apply(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Map<String, Object> yaml(String file, String text) {
        if (text == null) {
            problems.add(origin + file + ": not found");
            return Map.of();
        }
        try {
            Object parsed = new Load(LoadSettings.builder().setLabel(origin + file).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).build()).loadFromString(text);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                return typed;
            }
            problems.add(origin + file + ": expected a YAML mapping");
        } catch (YamlEngineException e) {
            problems.add(origin + file + ": " + e.getMessage().replace('\n', ' '));
        }
        return Map.of();
    }

    private String string(Map<String, Object> map, String key, String file) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            problems.add(origin + file + ": '" + key + "' is required");
            return "";
        }
        return String.valueOf(value).strip();
    }
}
