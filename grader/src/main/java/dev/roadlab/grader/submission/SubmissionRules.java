package dev.roadlab.grader.submission;

import dev.roadlab.grader.yaml.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks a submission against the files a lab declares, before anything runs. */
public final class SubmissionRules {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private SubmissionRules() {
    }

    /** Every problem with the submission, or none. */
    public static List<String> problems(FileRules lab, Submission submission) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : submission.files().entrySet()) {
            String name = file.getKey();
            Optional<String> nameProblem = nameProblem(name);
            if (nameProblem.isPresent()) {
                problems.add(nameProblem.get());
                continue;
            }
            Optional<FileRule> rule = lab.file(name);
            if (rule.isEmpty()) {
                problems.add("unexpected file '" + name + "': " + lab.id() + " takes " + expected(lab));
                continue;
            }
            problems.addAll(sizeProblem(rule.get(), file.getValue().length).stream().toList());
            Optional<String> text = Submission.decode(name, file.getValue());
            if (text.isEmpty()) {
                problems.add(name + " is not UTF-8 text");
            } else if (text.get().indexOf('\0') >= 0) {
                int line = (int) text.get().substring(0, text.get().indexOf('\0')).chars().filter(c -> c == '\n').count() + 1;
                problems.add(name + " contains a NUL byte (line " + line + "): it is a binary file, not the text "
                        + "file the lab takes");
            }
        }
        for (FileRule rule : lab.files()) {
            if (!submission.has(rule.name())) {
                problems.add("missing file '" + rule.name() + "': " + lab.id() + " takes " + expected(lab));
            }
        }
        return problems;
    }

    public static void check(FileRules lab, Submission submission) {
        List<String> problems = problems(lab, submission);
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems);
        }
    }

    /** Why a file name is refused: path separators, "..", hidden files, odd characters. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || !PLAIN_NAME.matcher(name).matches() || name.startsWith(".")) {
            return Optional.of("file name '" + printable(name) + "' is not allowed: use a plain name like migration.sql");
        }
        return Optional.empty();
    }

    /** The problem with a file of {@code size} bytes under {@code rule}, if over its limit. */
    public static Optional<String> sizeProblem(FileRule rule, long size) {
        if (size > rule.maxBytes()) {
            return Optional.of(rule.name() + " is " + Quantities.formatSize(size) + "; the limit is "
                    + Quantities.formatSize(rule.maxBytes()));
        }
        return Optional.empty();
    }

    private static String expected(FileRules lab) {
        return lab.files().stream().map(FileRule::name).collect(Collectors.joining(", "));
    }

    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        String cleaned = name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(128)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return name.length() > 128 ? cleaned + "…" : cleaned;
    }
}
