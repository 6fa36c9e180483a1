package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.Cohort;
import dev.roadlab.engine.cohorts.Member;
import java.util.List;

/**
 * A cohort's page for its instructors: members, invite links, each lab's deadline and budget, extensions.
 *
 * @param newInviteLink  the link just made (shown this once: only its hash is kept), or null
 * @param problems       what was wrong with the last form, if it came back
 * @param learners       the learner members, for the extension form
 */
public record CohortView(Layout layout, Cohort cohort, List<Member> members, List<Member> learners,
                         List<InviteRow> invites, List<LabRow> labs, List<ExtensionRow> extensions, String csrf,
                         String newInviteLink, List<String> problems, int defaultInviteDays, int maxInviteDays) {

    /** An invite as listed: when, until when, its state ("usable", "expired", "revoked") and uses. */
    public record InviteRow(String id, String createdUtc, String expiresUtc, String state, int uses, boolean usable,
                            String revokeUrl) {
    }

    /**
     * A lab's settings row.
     *
     * @param dueInput  the deadline as a datetime-local value (UTC), or ""
     * @param dueUtc    the deadline for reading, or ""
     */
    public record LabRow(String id, String title, String dueInput, String dueUtc, String budget, String formUrl,
                         String statsUrl) {
    }

    public record ExtensionRow(long account, String learnerName, String labId, String labTitle, String dueUtc) {
    }
}
