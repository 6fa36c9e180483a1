package dev.roadlab.grader.kubernetes;

import dev.roadlab.grader.yaml.YamlNode;
import dev.roadlab.grader.yaml.YamlNode.Mapping;
import dev.roadlab.grader.yaml.YamlNode.Sequence;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of a manifest file, typed ({@code Deployment}, {@code Service}, ...), with where it came from so that a
 * message can point at the line: {@code manifest.line("spec.template.spec.containers[0].image")}.
 *
 * @param file       the submitted file, e.g. {@code app.yaml}
 * @param document   its position among the file's documents, from 1
 * @param object     the object as the fabric8 model reads it
 * @param yaml       the document as written, every value with its line
 */
public record Manifest<T extends HasMetadata>(String file, int document, T object, Mapping yaml) {

    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    public Manifest {
        Objects.requireNonNull(object);
    }

    public String kind() {
        return object.getKind();
    }

    public String name() {
        return object.getMetadata() == null || object.getMetadata().getName() == null ? ""
                : object.getMetadata().getName();
    }

    /** The namespace it names, or "" for the one it is applied to. */
    public String namespace() {
        return object.getMetadata() == null || object.getMetadata().getNamespace() == null ? ""
                : object.getMetadata().getNamespace();
    }

    /** "Deployment web", as messages name it. */
    public String title() {
        return kind() + " " + name();
    }

    /** "app.yaml, document 2 (Deployment web)": where a problem with this object is. */
    public String where() {
        return file + ", document " + document + " (" + title() + ")";
    }

    /** "Deployment web (app.yaml, line 3)". */
    public String describe() {
        return title() + " (" + file + ", line " + yaml.line() + ")";
    }

    /**
     * The line of a value given by its path ({@code spec.replicas}, {@code spec.template.spec.containers[0].ports}),
     * or of the nearest enclosing value that is written, when the path is not.
     */
    public int line(String path) {
        return line(yaml, path);
    }

    static int line(Mapping yaml, String path) {
        YamlNode node = yaml;
        int line = yaml.line();
        Matcher step = STEP.matcher(path);
        while (step.find()) {
            if (step.group(1) != null && node instanceof Mapping m && m.entries().containsKey(step.group(1))) {
                line = m.lineOf(step.group(1));
                node = m.entries().get(step.group(1));
            } else if (step.group(2) != null && node instanceof Sequence s
                    && Integer.parseInt(step.group(2)) < s.items().size()) {
                node = s.items().get(Integer.parseInt(step.group(2)));
                line = node.line();
            } else {
                break;
            }
        }
        return line;
    }

    /** "app.yaml, line 14": a place in this object, for messages. */
    public String at(String path) {
        return file + ", line " + line(path);
    }

    /** Whether both live in one namespace (an object that names none lives where the file is applied). */
    public boolean sameNamespaceAs(Manifest<?> other) {
        return namespace().equals(other.namespace());
    }
}
