package dev.roadlab.engine.course;

import dev.roadlab.grader.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Checks where a module's links and images lead: other modules and their headings, headings of the same module, labs
 * of the lab catalog, files of the course folder. What the server would otherwise answer with a 404, a blank link or
 * an image the Content-Security-Policy blocks becomes a problem naming the file and line.
 */
final class CourseCheck {

    private final Map<String, Set<String>> anchorsByModule;
    private final Set<String> labIds;
    private final Predicate<String> courseFileExists;

    /**
     * @param anchorsByModule   every module id with the ids of its headings
     * @param labIds            the labs of the lab catalog
     * @param courseFileExists  whether a path relative to the course folder names a file
     */
    CourseCheck(Map<String, Set<String>> anchorsByModule, Set<String> labIds, Predicate<String> courseFileExists) {
        this.anchorsByModule = anchorsByModule;
        this.labIds = labIds;
        this.courseFileExists = courseFileExists;
    }

    /** The problems of one module's references; none when every link and image leads somewhere. */
    List<Problem> references(String file, String moduleId, List<Reference> references) {
        List<Problem> problems = new ArrayList<>();
        for (Reference ref : references) {
            String message = ref.image() ? image(ref.destination()) : link(moduleId, ref.destination());
            if (message != null) {
                problems.add(new Problem(file, ref.line(), message));
            }
        }
        return problems;
    }

    /** Why a lab id is unknown, or null when the catalog has it. */
    String unknownLab(String labId) {
        return labIds.contains(labId) ? null
                : "lab '" + labId + "', which is not in the lab catalog (labs: " + list(labIds) + ")";
    }

    private String link(String moduleId, String destination) {
        String url = destination.strip();
        if (url.isEmpty()) {
            return "empty link: give it a destination";
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("module:")) {
            String target = url.substring("module:".length());
            int hash = target.indexOf('#');
            String id = hash < 0 ? target : target.substring(0, hash);
            Set<String> anchors = anchorsByModule.get(id);
            if (anchors == null) {
                return "links to module '" + id + "', which is not in course.yaml (modules: "
                        + list(anchorsByModule.keySet()) + ")";
            }
            if (hash >= 0 && !anchors.contains(target.substring(hash + 1))) {
                return "links to '" + url + "', but module '" + id + "' has no heading with the anchor '"
                        + target.substring(hash + 1) + "'";
            }
            return null;
        }
        if (lower.startsWith("lab:")) {
            String message = unknownLab(url.substring("lab:".length()));
            return message == null ? null : "links to " + message;
        }
        if (url.startsWith("#")) {
            return anchorsByModule.getOrDefault(moduleId, Set.of()).contains(url.substring(1)) ? null
                    : "links to '" + url + "', but this module has no heading with that anchor";
        }
        if (!MarkdownRenderer.SafeUrls.allowedLink(url)) {
            return "link '" + url + "' is not allowed: use http(s), mailto, module:ID, lab:ID or #anchor";
        }
        if (!url.contains(":") && !url.startsWith("/")) {
            return "relative link '" + url + "' would not resolve from the module's page: use module:ID, lab:ID, "
                    + "#anchor or a full URL";
        }
        return null;
    }

    private String image(String destination) {
        String src = destination.strip();
        String lower = src.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("//")) {
            return "image '" + src + "' is on another site, which the pages' Content-Security-Policy blocks "
                    + "(img-src 'self'): copy it into the course folder";
        }
        if (lower.startsWith("data:")) {
            return src.matches("(?s)data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+") ? null
                    : "image data URL is not an inline PNG, JPEG, GIF or WebP";
        }
        if (src.contains(":") || src.startsWith("/")) {
            return "image '" + src + "' is not a path inside the course folder";
        }
        if (src.contains("..")) {
            return "image '" + src + "' leaves the course folder";
        }
        return courseFileExists.test(src) ? null : "image '" + src + "' does not exist in the course folder";
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
