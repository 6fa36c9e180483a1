package dev.roadlab.grader.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.yaml.Problem;
import dev.roadlab.grader.yaml.YamlFields;

/**
 * The labs a grader knows: found on the class path under {@code labs/<id>/lab.yaml} (the bundled labs, or a
 * bootcamp's own jar), or in a folder of lab folders. Everything is read and checked once, at load.
 */
public final class LabCatalog {

    /** What {@code @Check(teaches)} may name: the id of a heading, as Markdown renderers make them, after a #. */
    private static final Pattern ANCHOR = Pattern.compile("#[\\p{L}\\p{N}_-]+");


    /** The class-path folder that holds lab folders. */
    public static final String CLASSPATH_ROOT = "labs";
    private static final long MAX_LAB_FILE_BYTES = 16 * 1024 * 1024;

    private final Map<String, Lab> labs;

    private LabCatalog(Map<String, Lab> labs) {
        this.labs = Collections.unmodifiableMap(labs);
    }

    public static LabCatalog of(Collection<Lab> labs) {
        Map<String, Lab> byId = new TreeMap<>();
        for (Lab lab : labs) {
            if (byId.putIfAbsent(lab.id(), lab) != null) {
                throw new InvalidLabException("labs", "two labs have the id '" + lab.id() + "'");
            }
        }
        return new LabCatalog(byId);
    }

    /** Every lab under {@code labs/} on the class path of {@code loader}; every problem of every lab at once. */
    public static LabCatalog fromClasspath(ClassLoader loader) {
        SandboxTypes types = SandboxTypes.discover(loader);
        List<Lab> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(CLASSPATH_ROOT);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                withPath(root, path -> found.addAll(fromRoot(path, "classpath:" + CLASSPATH_ROOT + "/", loader,
                        types, problems)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading labs from the class path", e);
        }
        return checked(found, problems);
    }

    /** Every lab folder directly under {@code folder}; checks classes come from {@code loader}. */
    public static LabCatalog fromFolder(Path folder, ClassLoader loader) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidLabException(folder.toString(), "not a folder of labs");
        }
        List<Problem> problems = new ArrayList<>();
        List<Lab> found = fromRoot(folder, folder.toAbsolutePath().normalize() + "/", loader,
                SandboxTypes.discover(loader), problems);
        return checked(found, problems);
    }

    private static LabCatalog checked(List<Lab> labs, List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidLabException(problems);
        }
        return of(labs);
    }

    public Optional<Lab> find(String id) {
        return Optional.ofNullable(labs.get(id));
    }

    public Lab get(String id) {
        return find(id).orElseThrow(() -> new UnknownLabException(id));
    }

    /** All labs, ordered by id. */
    public Collection<Lab> all() {
        return labs.values();
    }

    public LabCatalog plus(LabCatalog other) {
        List<Lab> merged = new ArrayList<>(labs.values());
        merged.addAll(other.labs.values());
        return of(merged);
    }

    private static List<Lab> fromRoot(Path root, String shownAs, ClassLoader loader, SandboxTypes types,
                                      List<Problem> problems) {
        List<Lab> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.sorted().toList()) {
                if (Files.isRegularFile(folder.resolve("lab.yaml"))) {
                    String name = folder.getFileName().toString().replace("/", "");
                    load(folder, shownAs + name + "/lab.yaml", loader, types, problems).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
        return found;
    }

    /** Loads one lab folder; {@link InvalidLabException} listing every problem. */
    public static Lab load(Path folder, ClassLoader loader) {
        List<Problem> problems = new ArrayList<>();
        Optional<Lab> lab = load(folder, folder.resolve("lab.yaml").toString(), loader, SandboxTypes.discover(loader),
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidLabException(problems);
        }
        return lab.orElseThrow();
    }

    private static Optional<Lab> load(Path folder, String source, ClassLoader loader, SandboxTypes types,
                                      List<Problem> problems) {
        int before = problems.size();
        String name = folder.getFileName().toString().replace("/", "");
        LabFolder files;
        try {
            files = new LabFolder(readAll(folder));
        } catch (InvalidLabException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        LabYaml.Read read = LabYaml.parse(source, files.text("lab.yaml").orElseThrow(), files, types, problems);
        LabDefinition definition = read.definition();
        YamlFields yaml = read.root();
        if (!definition.id().isEmpty() && !definition.id().equals(name)) {
            yaml.problem("id", "'" + definition.id() + "' differs from the lab's folder name '" + name + "'");
        }
        for (String folderName : List.of("starter", "solution")) {
            if (!files.hasFolder(folderName)) {
                yaml.problem("the lab has no " + folderName + "/ folder with files in it");
            }
        }
        for (String wrong : definition.wrong().keySet()) {
            if (!files.hasFolder("wrong/" + wrong)) {
                yaml.section("wrong").ifPresent(w -> w.problem(wrong, "wrong solution '" + wrong
                        + "' has no folder wrong/" + wrong + "/ with files in it"));
            }
        }
        if (definition.checksClass().isEmpty()) {
            return Optional.empty();
        }
        Class<?> checks;
        try {
            checks = Class.forName(definition.checksClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            yaml.problem("checks", "checks class " + definition.checksClass() + " not found on the class path");
            return Optional.empty();
        }
        List<CheckInfo> checkInfos = CheckInfo.of(checks);
        if (checkInfos.isEmpty()) {
            yaml.problem("checks", definition.checksClass() + " declares no @Check methods");
        }
        for (CheckInfo check : checkInfos) {
            if (!check.teaches().isEmpty() && !ANCHOR.matcher(check.teaches()).matches()) {
                yaml.problem("checks", checks.getSimpleName() + "." + check.methodName() + " teaches '"
                        + check.teaches() + "', which is not a #anchor of a section (such as #composite-index-order)");
            }
        }
        List<String> checkIds = checkInfos.stream().map(CheckInfo::id).toList();
        for (WrongSolution wrongSolution : definition.wrong().values()) {
            for (String fails : wrongSolution.fails()) {
                if (!checkIds.contains(fails)) {
                    yaml.section("wrong").flatMap(w -> w.section(wrongSolution.name())).ifPresent(w -> w.problem(
                            "fails", "names check '" + fails + "', which " + checks.getSimpleName() + " does not have"
                                    + YamlFields.closest(fails, checkIds).map(c -> " (did you mean '" + c + "'?)")
                                    .orElse(" (checks: " + String.join(", ", checkIds) + ")")));
                }
            }
        }
        CheckParameters.problems(checks, definition, types).forEach(p ->
                yaml.problem(definition.sandboxes().isEmpty() && !yaml.has("sandboxes") ? "checks" : "sandboxes", p));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Lab(definition, checks, checkInfos, files));
    }

    private static Map<String, byte[]> readAll(Path folder) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (Files.size(file) > MAX_LAB_FILE_BYTES) {
                    throw new InvalidLabException(file.toString(), "lab files are limited to 16 MB");
                }
                String relative = folder.relativize(file).toString().replace(folder.getFileSystem().getSeparator(), "/");
                files.put(relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading lab folder " + folder, e);
        }
        return files;
    }

    private interface PathAction {
        void accept(Path path) throws IOException;
    }

    /** Resolves a class-path URL (a folder or a folder inside a jar) to a Path and runs the action on it. */
    private static void withPath(URL url, PathAction action) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("unusable class-path entry " + url, e);
        }
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            boolean opened = false;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            try {
                String inner = uri.getSchemeSpecificPart();
                action.accept(fs.getPath(inner.substring(inner.indexOf("!/") + 1)));
            } finally {
                if (opened) {
                    fs.close();
                }
            }
        } else {
            action.accept(Path.of(uri));
        }
    }
}
