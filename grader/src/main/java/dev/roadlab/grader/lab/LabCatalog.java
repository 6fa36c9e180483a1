package dev.roadlab.grader.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;

/**
 * The labs a grader knows: found on the class path under {@code labs/<id>/lab.yaml} (the bundled labs, or a
 * bootcamp's own jar), or in a folder of lab folders. Everything is read and checked once, at load.
 */
public final class LabCatalog {

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
                throw new InvalidLabException("two labs have the id '" + lab.id() + "'");
            }
        }
        return new LabCatalog(byId);
    }

    /** Every lab under {@code labs/} on the class path of {@code loader}. */
    public static LabCatalog fromClasspath(ClassLoader loader) {
        List<Lab> found = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(CLASSPATH_ROOT);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                withPath(root, path -> found.addAll(fromRoot(path, loader)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading labs from the class path", e);
        }
        return of(found);
    }

    /** Every lab folder directly under {@code folder}; checks classes come from {@code loader}. */
    public static LabCatalog fromFolder(Path folder, ClassLoader loader) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidLabException(folder + ": not a folder of labs");
        }
        return of(fromRoot(folder, loader));
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

    private static List<Lab> fromRoot(Path root, ClassLoader loader) {
        List<Lab> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path folder : children.sorted().toList()) {
                if (Files.isRegularFile(folder.resolve("lab.yaml"))) {
                    found.add(load(folder, loader));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
        return found;
    }

    /** Loads one lab folder. */
    public static Lab load(Path folder, ClassLoader loader) {
        String name = folder.getFileName().toString().replace("/", "");
        String source = CLASSPATH_ROOT + "/" + name + "/lab.yaml";
        Map<String, byte[]> files = readAll(folder);
        LabDefinition definition = LabYaml.parse(source, text(files, "lab.yaml").orElseThrow(),
                path -> text(files, path));
        if (!definition.id().equals(name)) {
            throw new InvalidLabException(source + ": id '" + definition.id() + "' differs from its folder '" + name + "'");
        }
        Class<?> checks;
        try {
            checks = Class.forName(definition.checksClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidLabException(source + ": checks class " + definition.checksClass() + " not found", e);
        }
        List<CheckInfo> checkInfos = CheckInfo.of(checks);
        if (checkInfos.isEmpty()) {
            throw new InvalidLabException(source + ": " + definition.checksClass() + " declares no @Check methods");
        }
        for (String folderName : List.of("starter", "solution")) {
            boolean present = files.keySet().stream().anyMatch(p -> p.startsWith(folderName + "/"));
            if (!present) {
                throw new InvalidLabException(source + ": the lab has no " + folderName + "/ folder");
            }
        }
        List<String> checkIds = checkInfos.stream().map(CheckInfo::id).toList();
        for (WrongSolution wrongSolution : definition.wrong().values()) {
            for (String fails : wrongSolution.fails()) {
                if (!checkIds.contains(fails)) {
                    throw new InvalidLabException(source + ": wrong solution '" + wrongSolution.name()
                            + "' names check '" + fails + "', which " + definition.checksClass() + " does not have "
                            + "(checks: " + String.join(", ", checkIds) + ")");
                }
            }
        }
        for (String wrong : definition.wrong().keySet()) {
            if (files.keySet().stream().noneMatch(p -> p.startsWith("wrong/" + wrong + "/"))) {
                throw new InvalidLabException(source + ": wrong solution '" + wrong + "' has no folder wrong/" + wrong + "/");
            }
        }
        return new Lab(definition, checks, checkInfos, files);
    }

    private static Optional<String> text(Map<String, byte[]> files, String path) {
        return Optional.ofNullable(files.get(path)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Map<String, byte[]> readAll(Path folder) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (Files.size(file) > MAX_LAB_FILE_BYTES) {
                    throw new InvalidLabException(file + ": lab files are limited to 16 MB");
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
