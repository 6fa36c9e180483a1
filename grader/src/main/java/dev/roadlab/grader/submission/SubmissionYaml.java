package dev.roadlab.grader.submission;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.yaml.YamlNode;
import java.util.List;

/**
 * Reads a submitted YAML file (Kubernetes manifests, configs) through the one line-aware reader, the safe way: plain
 * data only (no tags that build objects), few aliases (a "billion laughs" document is refused, not expanded), no
 * recursive or duplicate keys, a bounded size. What is not YAML is a {@link SubmissionError} naming the file and line.
 */
public final class SubmissionYaml {

    /** Aliases allowed per document: enough for real anchors, far too few for an exponential expansion. */
    public static final int MAX_ALIASES = YamlNode.MAX_ALIASES;

    private SubmissionYaml() {
    }

    /** Every document of the file, each node knowing its line. */
    public static List<YamlNode.Document> nodes(Submission submission, String fileName) {
        try {
            return YamlNode.parseAll(submission.text(fileName));
        } catch (YamlNode.Unreadable e) {
            throw new SubmissionError(fileName + ", line " + e.line() + ": " + e.getMessage());
        }
    }

    /** Every document of the file, as maps, lists and scalars (Long, Double, Boolean, String, null). */
    public static List<Object> documents(Submission submission, String fileName) {
        return nodes(submission, fileName).stream().map(d -> d.root().toPlain()).toList();
    }
}
