package dev.roadlab.grader.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a submission from files or a folder on disk, refusing oversized files before reading them whole, so a
 * 100 MB file costs a stat call, not 100 MB of memory.
 */
public final class SubmissionReader {

    private SubmissionReader() {
    }

    /** Each path is a file (taken by its name) or a folder (its regular, non-hidden files are taken). */
    public static Submission read(FileRules lab, List<Path> paths) {
        List<String> problems = new ArrayList<>();
        Map<String, Path> files = new TreeMap<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .forEach(p -> files.put(p.getFileName().toString(), p));
                } catch (IOException e) {
                    throw new UncheckedIOException("reading folder " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.put(path.getFileName().toString(), path);
            } else {
                problems.add(path + ": no such file or folder");
            }
        }
        Map<String, byte[]> contents = new TreeMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Optional<FileRule> rule = lab.file(file.getKey());
            try {
                long size = Files.size(file.getValue());
                Optional<String> tooBig = rule.flatMap(r -> SubmissionRules.sizeProblem(r, size));
                if (tooBig.isPresent()) {
                    problems.add(tooBig.get());
                    contents.put(file.getKey(), new byte[0]); // present, so it is not also reported missing
                    continue;
                }
                // Unknown files are kept (empty) only so validation can name them; never read.
                contents.put(file.getKey(), rule.isPresent() ? readAtMost(file.getValue(), rule.get().maxBytes()) : new byte[0]);
            } catch (IOException e) {
                problems.add(file.getKey() + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        Submission submission = Submission.of(contents);
        problems.addAll(SubmissionRules.problems(lab, submission));
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems.stream().distinct().toList());
        }
        return submission;
    }

    private static byte[] readAtMost(Path file, long max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new IOException("grew past its limit while being read");
            }
            return bytes;
        }
    }
}
