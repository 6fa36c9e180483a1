package dev.roadlab.engine.submissions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A submission with what its page shows beside the report: the files as submitted and how they differ from the same
 * learner's previous attempt at the same lab.
 *
 * @param submission  the submission and its report
 * @param files       file name to content, as submitted
 * @param previous    the learner's attempt before this one, if there is one
 * @param diffs       per file, the change from {@code previous}; empty when there is no previous attempt
 * @param teaches     check id to the anchor of the module section that teaches it, when the report names one
 */
public record SubmissionDetail(SubmissionView submission, Map<String, String> files, Optional<Attempt> previous,
                               List<FileDiff> diffs, Map<String, String> teaches) {

    public SubmissionDetail {
        files = Map.copyOf(files);
        diffs = List.copyOf(diffs);
        teaches = Map.copyOf(teaches);
    }
}
