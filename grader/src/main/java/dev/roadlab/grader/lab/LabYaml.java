package dev.roadlab.grader.lab;

import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.sandbox.SandboxUse;
import dev.roadlab.grader.sandbox.SpecSection;
import dev.roadlab.grader.submission.FileRule;
import dev.roadlab.grader.yaml.Problem;
import dev.roadlab.grader.yaml.YamlFields;
import dev.roadlab.grader.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads lab.yaml into a {@link LabDefinition}, the way the course's files are read: every problem (an unknown key, a
 * value of the wrong type, a missing field, an unknown sandbox kind, a section for a kind the lab does not declare)
 * is collected as {@code FILE:LINE: message}. Each sandbox kind reads its own section.
 */
final class LabYaml {

    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final List<String> KEYS = List.of("id", "title", "summary", "checks", "files", "sandboxes",
            "limits", "wrong");

    private LabYaml() {
    }

    /**
     * @param source   the file as an author knows it (a path, or classpath:labs/ID/lab.yaml)
     * @param files    the lab folder (seeds, harness files)
     * @param types    the sandbox kinds installed
     * @param problems where problems are added; the definition returned is only usable when none were
     */
    /**
     * A lab.yaml read: the definition, and its root fields, to report later problems (a checks class that does not
     * fit) at the line of the key they concern.
     */
    record Read(LabDefinition definition, YamlFields root) {
    }

    static Read parse(String source, String text, LabFiles files, SandboxTypes types, List<Problem> problems) {
        YamlFields root = YamlFields.parse(source, text, problems);
        String id = root.requiredText("id").orElse("");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            root.problem("id", "'" + id + "' must be lower-case letters, digits and dashes");
        }
        String title = root.requiredText("title").orElse(id);
        String summary = root.text("summary").orElse("");
        String checks = root.requiredText("checks").orElse("");

        List<FileRule> fileRules = new ArrayList<>();
        List<YamlFields> fileFields = root.mappings("files");
        if (!root.has("files")) {
            root.problem("files", "required: a lab takes at least one file");
        } else if (fileFields.isEmpty() && root.node("files").get() instanceof YamlNode.Sequence) {
            root.problem("files", "a lab takes at least one file");
        }
        for (YamlFields f : fileFields) {
            f.allowOnly(List.of("name", "max-size", "description"));
            String name = f.requiredText("name").orElse("");
            if (!name.isEmpty() && (!FILE_NAME.matcher(name).matches() || name.startsWith("."))) {
                f.problem("name", "'" + name + "' is not a plain file name");
            }
            if (fileRules.stream().anyMatch(r -> r.name().equals(name))) {
                f.problem("name", "'" + name + "' is listed twice");
            }
            long max = f.has("max-size") ? f.size("max-size").orElse(0L) : missing(f, "max-size");
            fileRules.add(new FileRule(name, max, f.text("description").orElse("")));
        }

        List<SandboxUse<?>> sandboxes = new ArrayList<>();
        Set<String> declared = new LinkedHashSet<>();
        for (String kind : root.texts("sandboxes")) {
            Optional<SandboxType<?>> type = types.find(kind);
            if (type.isEmpty()) {
                root.problem("sandboxes", "unknown sandbox kind '" + kind + "'"
                        + YamlFields.closest(kind, types.names()).map(k -> ", did you mean '" + k + "'?")
                        .orElse(" (installed: " + String.join(", ", types.names()) + ")"));
            } else if (!declared.add(kind)) {
                root.problem("sandboxes", "'" + kind + "' is listed twice");
            } else {
                YamlFields section = root.section(kind).orElseGet(() -> root.empty(kind));
                sandboxes.add(use(type.get(), new SpecSection(section, files)));
            }
        }
        List<String> known = new ArrayList<>(KEYS);
        known.addAll(declared);
        for (String key : root.keys()) {
            if (!known.contains(key) && types.find(key).isPresent()) {
                root.problem(key, "a '" + key + "' section, but 'sandboxes' does not list " + key);
            }
        }
        root.allowOnly(java.util.stream.Stream.concat(known.stream(), types.names().stream()).toList());

        Limits limits = Limits.DEFAULT;
        Optional<YamlFields> l = root.section("limits");
        if (l.isPresent()) {
            l.get().allowOnly(List.of("run", "check"));
            Duration run = l.get().duration("run").orElse(Limits.DEFAULT.run());
            Duration check = l.get().duration("check").orElse(Limits.DEFAULT.check());
            if (check.compareTo(run) > 0) {
                l.get().problem("check", "a check's limit (" + check.toSeconds() + " s) is longer than the run's ("
                        + run.toSeconds() + " s)");
            }
            limits = new Limits(run, check);
        }

        Map<String, WrongSolution> wrong = new LinkedHashMap<>();
        for (Map.Entry<String, YamlFields> e : root.sections("wrong").entrySet()) {
            YamlFields w = e.getValue();
            w.allowOnly(List.of("fails", "description"));
            if (!ID.matcher(e.getKey()).matches()) {
                root.section("wrong").ifPresent(ws -> ws.problem(e.getKey(), "'" + e.getKey()
                        + "' must be lower-case letters, digits and dashes (it is a folder name)"));
            }
            Set<String> fails = new LinkedHashSet<>(w.texts("fails"));
            if (fails.isEmpty()) {
                w.problem("fails", "required: the checks this wrong solution must fail");
            }
            wrong.put(e.getKey(), new WrongSolution(e.getKey(), fails, w.text("description").orElse("")));
        }
        return new Read(new LabDefinition(id, title, summary, checks, fileRules, sandboxes, limits, wrong), root);
    }

    private static long missing(YamlFields f, String key) {
        f.problem(key, "required");
        return 0;
    }

    private static <S> SandboxUse<S> use(SandboxType<S> type, SpecSection section) {
        return new SandboxUse<>(type, type.spec(section));
    }
}
