package dev.roadlab.grader.yaml;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a submitted YAML file (Kubernetes manifests, configs) the safe way: plain data only (no tags that build
 * objects), few aliases (a "billion laughs" document is refused, not expanded), no recursive keys, no duplicate
 * keys, a bounded size. What is not YAML is a {@link SubmissionError} naming the file and line.
 */
public final class SubmissionYaml {

    /** Aliases allowed per document: enough for real anchors, far too few for an exponential expansion. */
    public static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private SubmissionYaml() {
    }

    /** Every document of the file, as maps, lists and scalars. */
    public static List<Object> documents(Submission submission, String fileName) {
        String text = submission.text(fileName);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(fileName)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        try {
            List<Object> documents = new ArrayList<>();
            for (Object document : new Load(settings).loadAllFromString(text)) {
                documents.add(document);
            }
            return documents;
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> ", line " + (m.getLine() + 1)).orElse("");
            throw new SubmissionError(fileName + where + ": " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
        } catch (YamlEngineException e) {
            throw new SubmissionError(fileName + " is not usable YAML: " + e.getMessage());
        }
    }
}
