package dev.roadlab.grader.submission;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files a learner handed in, by file name. Immutable. */
public final class Submission {

    private final SortedMap<String, byte[]> files;

    private Submission(SortedMap<String, byte[]> files) {
        this.files = files;
    }

    public static Submission of(Map<String, byte[]> files) {
        SortedMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return new Submission(Collections.unmodifiableSortedMap(copy));
    }

    /** A submission of text files, encoded as UTF-8. */
    public static Submission ofText(Map<String, String> files) {
        SortedMap<String, byte[]> bytes = new TreeMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return new Submission(Collections.unmodifiableSortedMap(bytes));
    }

    public SortedMap<String, byte[]> files() {
        return files;
    }

    public boolean has(String name) {
        return files.containsKey(name);
    }

    public Optional<byte[]> bytes(String name) {
        return Optional.ofNullable(files.get(name)).map(byte[]::clone);
    }

    /**
     * The named file as text. Throws {@link IllegalArgumentException} when the submission lacks it (validation
     * makes that impossible for declared files) and {@link dev.roadlab.grader.check.SubmissionError} when it is not
     * UTF-8.
     */
    public String text(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("the submission has no file '" + name + "'");
        }
        return decode(name, bytes).orElseThrow(() ->
                new dev.roadlab.grader.check.SubmissionError(name + " is not UTF-8 text"));
    }

    static Optional<String> decode(String name, byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Submission" + files.keySet();
    }
}
