package dev.roadlab.grader.yaml;

/**
 * Something wrong with a file an author wrote (course.yaml, a module, lab.yaml, a config file), where the author can
 * find it: {@code FILE:LINE: message}, the form editors and terminals turn into a link.
 *
 * @param file     the file as the author knows it (a path, or classpath:... when bundled)
 * @param line     1-based line
 * @param message  what is wrong and, where it helps, what would be right
 */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
