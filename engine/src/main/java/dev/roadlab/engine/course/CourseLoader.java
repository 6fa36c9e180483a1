package dev.roadlab.engine.course;

import dev.roadlab.grader.yaml.Problem;
import dev.roadlab.grader.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads and checks a course: {@code course.yaml} (id, title, summary, modules in order with their files and labs), each
 * module's Markdown with YAML front matter (title, summary, objectives), and the images it shows. From the class path
 * ({@code roadlab/course/}, the bundled course) or a folder (a bootcamp's own).
 *
 * <p>Everything is rendered here, once. Every problem found is collected, each naming its file and line, and the
 * whole list is thrown as one {@link InvalidCourseException}: an author fixes them in one pass, and the server and
 * {@code roadlab validate} report the same list.
 */
public final class CourseLoader {

    public static final String CLASSPATH_ROOT = "roadlab/course/";
    private static final long MAX_FILE_BYTES = 4 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> COURSE_KEYS = Set.of("id", "title", "summary", "modules");
    private static final Set<String> MODULE_KEYS = Set.of("id", "file", "labs");
    private static final Set<String> FRONT_MATTER_KEYS = Set.of("title", "summary", "objectives");
    private static final String COURSE_YAML = "course.yaml";

    private final String origin;
    private final Function<String, Optional<byte[]>> reader;
    private final Set<String> labIds;
    private final List<Problem> problems = new ArrayList<>();

    private CourseLoader(String origin, Function<String, Optional<byte[]>> reader, Set<String> labIds) {
        this.origin = origin;
        this.reader = reader;
        this.labIds = Set.copyOf(labIds);
    }

    /**
     * The bundled course (the content module's resources).
     *
     * @param labIds the labs of the lab catalog, which the course's labs and lab links must name
     */
    public static Course fromClasspath(ClassLoader loader, MarkdownRenderer renderer, Set<String> labIds) {
        Function<String, Optional<byte[]>> read = path -> {
            if (path.contains("..") || path.startsWith("/")) {
                return Optional.empty();
            }
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + path)) {
                return in == null ? Optional.empty() : Optional.of(in.readNBytes((int) MAX_FILE_BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new CourseLoader("classpath:" + CLASSPATH_ROOT, read, labIds).load(renderer);
    }

    /**
     * A course folder.
     *
     * @param labIds the labs of the lab catalog, which the course's labs and lab links must name
     */
    public static Course fromFolder(Path folder, MarkdownRenderer renderer, Set<String> labIds) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InvalidCourseException(List.of(root + ": not a folder (a course folder holds course.yaml)"));
        }
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
        return new CourseLoader(root + "/", read, labIds).load(renderer);
    }

    /** A module entry of course.yaml. */
    private record Entry(String id, String file, List<String> labs, int line) {
    }

    /** A module rendered, with what the cross-module checks need. */
    private record Loaded(CourseModule module, String file, List<Reference> references) {
    }

    private Course load(MarkdownRenderer renderer) {
        YamlNode.Mapping course = courseYaml().orElseThrow(this::invalid);
        List<Entry> entries = entries(course);
        List<Loaded> loaded = new ArrayList<>();
        for (Entry entry : entries) {
            module(entry, loaded.size(), renderer).ifPresent(loaded::add);
        }
        Map<String, Set<String>> anchors = new LinkedHashMap<>();
        entries.forEach(e -> anchors.put(e.id(), Set.of()));
        loaded.forEach(l -> anchors.put(l.module().id(), Set.copyOf(
                l.module().headings().stream().map(Heading::id).toList())));
        Map<String, byte[]> files = new LinkedHashMap<>();
        CourseCheck check = new CourseCheck(anchors, labIds, path -> {
            Optional<byte[]> bytes = reader.apply(path);
            bytes.ifPresent(b -> files.put(path, b));
            return bytes.isPresent();
        });
        for (Loaded l : loaded) {
            problems.addAll(check.references(l.file(), l.module().id(), l.references()));
        }
        if (!problems.isEmpty()) {
            throw invalid();
        }
        return new Course(course.text("id").orElseThrow(), course.text("title").orElseThrow(),
                course.text("summary").orElse(""), loaded.stream().map(Loaded::module).toList(), files);
    }

    /** All problems, by file and then line, so course.yaml comes first and each module's read top to bottom. */
    private InvalidCourseException invalid() {
        return new InvalidCourseException(problems.stream()
                .sorted(Comparator.comparing(Problem::file).thenComparingInt(Problem::line))
                .map(Problem::toString).toList());
    }

    private Optional<YamlNode.Mapping> courseYaml() {
        Optional<String> text = text(COURSE_YAML);
        if (text.isEmpty()) {
            problem(COURSE_YAML, 1, "not found: a course folder holds course.yaml (id, title, summary, modules)");
            return Optional.empty();
        }
        Optional<YamlNode.Mapping> course = mapping(COURSE_YAML, text.get(), 1,
                "course.yaml is a mapping with id, title, summary and modules");
        course.ifPresent(c -> {
            unknownKeys(COURSE_YAML, c, COURSE_KEYS);
            required(COURSE_YAML, c, "id");
            required(COURSE_YAML, c, "title");
        });
        return course;
    }

    private List<Entry> entries(YamlNode.Mapping course) {
        List<Entry> entries = new ArrayList<>();
        if (!(course.get("modules").orElse(null) instanceof YamlNode.Sequence modules) || modules.items().isEmpty()) {
            problem(COURSE_YAML, course.get("modules").map(YamlNode::line).orElse(course.line()),
                    "'modules' must list at least one module (id and file)");
            return entries;
        }
        Set<String> ids = new LinkedHashSet<>();
        Map<String, String> labOwners = new HashMap<>();
        for (YamlNode item : modules.items()) {
            if (!(item instanceof YamlNode.Mapping m)) {
                problem(COURSE_YAML, item.line(), "each module needs an id and a file");
                continue;
            }
            unknownKeys(COURSE_YAML, m, MODULE_KEYS);
            Optional<String> id = required(COURSE_YAML, m, "id");
            Optional<String> file = required(COURSE_YAML, m, "file");
            if (id.isPresent() && !ID.matcher(id.get()).matches()) {
                problem(COURSE_YAML, m.line(), "module id '" + id.get()
                        + "' must be lower-case letters, digits and dashes (it is part of the URL)");
            }
            if (id.isPresent() && !ids.add(id.get())) {
                problem(COURSE_YAML, m.line(), "module id '" + id.get() + "' is used twice");
            }
            List<String> labs = labs(m, id.orElse("?"), labOwners);
            if (id.isPresent() && file.isPresent()) {
                entries.add(new Entry(id.get(), file.get(), labs, m.line()));
            }
        }
        return entries;
    }

    private List<String> labs(YamlNode.Mapping module, String moduleId, Map<String, String> labOwners) {
        List<String> labs = new ArrayList<>();
        Optional<YamlNode> value = module.get("labs");
        if (value.isEmpty() || value.get() instanceof YamlNode.Scalar s && s.text().isBlank()) {
            return labs;
        }
        if (!(value.get() instanceof YamlNode.Sequence list)) {
            problem(COURSE_YAML, value.get().line(), "'labs' of module '" + moduleId + "' must be a list of lab ids");
            return labs;
        }
        CourseCheck check = new CourseCheck(Map.of(), labIds, path -> false);
        for (YamlNode lab : list.items()) {
            if (!(lab instanceof YamlNode.Scalar s) || s.text().isBlank()) {
                problem(COURSE_YAML, lab.line(), "'labs' of module '" + moduleId + "' must be a list of lab ids");
                continue;
            }
            String labId = s.text().strip();
            String unknown = check.unknownLab(labId);
            if (unknown != null) {
                problem(COURSE_YAML, lab.line(), "module '" + moduleId + "' names " + unknown);
            }
            String owner = labOwners.putIfAbsent(labId, moduleId);
            if (owner != null) {
                problem(COURSE_YAML, lab.line(), "lab '" + labId + "' is already introduced by module '" + owner
                        + "'; a lab belongs to one module");
            }
            labs.add(labId);
        }
        return labs;
    }

    private Optional<Loaded> module(Entry entry, int position, MarkdownRenderer renderer) {
        Optional<String> markdown = text(entry.file());
        if (markdown.isEmpty()) {
            problem(COURSE_YAML, entry.line(), "module '" + entry.id() + "' names " + entry.file()
                    + ", which does not exist");
            return Optional.empty();
        }
        FrontMatter front = FrontMatter.split(markdown.get());
        String title = "";
        String summary = "";
        List<String> objectives = new ArrayList<>();
        if (front.yaml().isEmpty()) {
            problem(entry.file(), 1, "no front matter: start the file with a '---' line, title: and summary:, "
                    + "and another '---' line");
        } else {
            Optional<YamlNode.Mapping> meta = mapping(entry.file(), front.yaml(), 2,
                    "front matter is a mapping with title, summary and objectives");
            if (meta.isPresent()) {
                unknownKeys(entry.file(), meta.get(), FRONT_MATTER_KEYS);
                title = required(entry.file(), meta.get(), "title").orElse("");
                summary = required(entry.file(), meta.get(), "summary").orElse("");
                objectives = objectives(entry.file(), meta.get());
            }
        }
        RenderedMarkdown body = renderer.renderDocument(front.body(), front.bodyLine());
        CourseModule module = new CourseModule(entry.id(), position, title, summary, objectives, entry.labs(),
                body.html(), body.headings(), body.sections(), body.words());
        return Optional.of(new Loaded(module, origin + entry.file(), body.references()));
    }

    private List<String> objectives(String file, YamlNode.Mapping meta) {
        List<String> objectives = new ArrayList<>();
        Optional<YamlNode> value = meta.get("objectives");
        if (value.isEmpty()) {
            return objectives;
        }
        if (!(value.get() instanceof YamlNode.Sequence list)) {
            problem(file, value.get().line(), "'objectives' must be a list of sentences");
            return objectives;
        }
        for (YamlNode item : list.items()) {
            if (item instanceof YamlNode.Scalar s && !s.text().isBlank()) {
                objectives.add(s.text().strip());
            } else {
                problem(file, item.line(), "each objective must be a sentence");
            }
        }
        return objectives;
    }

    private Optional<YamlNode.Mapping> mapping(String file, String text, int firstLine, String expected) {
        try {
            if (YamlNode.parse(text, firstLine) instanceof YamlNode.Mapping m) {
                return Optional.of(m);
            }
            problem(file, firstLine, expected);
        } catch (YamlNode.Unreadable e) {
            problem(file, e.line(), e.getMessage());
        }
        return Optional.empty();
    }

    private void unknownKeys(String file, YamlNode.Mapping mapping, Set<String> known) {
        mapping.entries().forEach((key, value) -> {
            if (!known.contains(key)) {
                problem(file, value.line(), "unknown key '" + key + "' (known: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        });
    }

    private Optional<String> required(String file, YamlNode.Mapping mapping, String key) {
        Optional<String> value = mapping.text(key);
        if (value.isEmpty()) {
            problem(file, mapping.get(key).map(YamlNode::line).orElse(mapping.line()), "'" + key + "' is required");
        }
        return value;
    }

    private void problem(String file, int line, String message) {
        problems.add(new Problem(file.startsWith(origin) ? file : origin + file, line, message));
    }

    private Optional<String> text(String path) {
        return reader.apply(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
