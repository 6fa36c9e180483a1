package dev.roadlab.engine.links;

import dev.roadlab.engine.course.CourseLinks;

/**
 * Every URL Roadlab's pages link to, under the base path it is mounted at.
 *
 * @param base "" or "/learn"
 */
public record Urls(String base) implements CourseLinks {

    public String home() {
        return base + "/";
    }

    @Override
    public String module(String id) {
        return base + "/modules/" + id;
    }

    @Override
    public String lab(String id) {
        return base + "/labs/" + id;
    }

    @Override
    public String courseFile(String path) {
        return base + "/course/" + path;
    }

    /** Where the module page's mark-as-read form posts. */
    public String moduleProgress(String id) {
        return base + "/modules/" + id + "/progress";
    }

    /** One starter file of a lab, as a download. */
    public String starterFile(String labId, String name) {
        return base + "/labs/" + labId + "/starter/" + name;
    }

    /** A lab's starter folder as a zip. */
    public String starterZip(String labId) {
        return base + "/labs/" + labId + "/starter.zip";
    }

    public String labSubmissions(String labId) {
        return base + "/labs/" + labId + "/submissions";
    }

    public String submission(String id) {
        return base + "/submissions/" + id;
    }

    /** A submission's progress as server-sent events. */
    public String submissionEvents(String id) {
        return base + "/submissions/" + id + "/events";
    }

    public String apiLabSubmissions(String labId) {
        return base + "/api/labs/" + labId + "/submissions";
    }

    public String apiSubmission(String id) {
        return base + "/api/submissions/" + id;
    }

    public String search() {
        return base + "/search";
    }

    public String asset(String name) {
        return base + "/assets/" + name;
    }

    /** The sign-in page, coming back to {@code next} (a path under the base) after. */
    public String signIn(String next) {
        return base + "/sign-in" + (next == null || next.isEmpty() ? ""
                : "?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
    }

    public String signIn() {
        return base + "/sign-in";
    }

    public String signUp() {
        return base + "/sign-up";
    }

    public String signOut() {
        return base + "/sign-out";
    }

    /** The signed-in person's own page: password change (and, later, tokens). */
    public String account() {
        return base + "/account";
    }

    public String adminUsers() {
        return base + "/admin/users";
    }

    public String adminUser(long id) {
        return base + "/admin/users/" + id;
    }

    /** A one-time password reset link (the token is the secret). */
    public String passwordReset(String token) {
        return base + "/reset/" + token;
    }

    /** A submission's progress as server-sent events, for API clients (tokens). */
    public String apiSubmissionEvents(String id) {
        return base + "/api/submissions/" + id + "/events";
    }

    public String apiLabs() {
        return base + "/api/labs";
    }

    /** The API's OpenAPI document. */
    public String apiOpenApi() {
        return base + "/api/openapi.json";
    }

    /** The signed-in person's personal access tokens: list, create, revoke. */
    public String accountTokens() {
        return base + "/account/tokens";
    }

    /** Where one token's revoke button posts. */
    public String accountTokenRevoke(long id) {
        return base + "/account/tokens/" + id + "/revoke";
    }

    /** The cohorts an instructor runs, and where the new-cohort form posts. */
    public String cohorts() {
        return base + "/cohorts";
    }

    public String cohort(long id) {
        return base + "/cohorts/" + id;
    }

    /** Where a cohort's new-invite form posts. */
    public String cohortInvites(long id) {
        return cohort(id) + "/invites";
    }

    public String cohortInviteRevoke(long id, String invite) {
        return cohort(id) + "/invites/" + invite + "/revoke";
    }

    /** Where the cohort's own settings (its submission budget) post. */
    public String cohortSettings(long id) {
        return cohort(id) + "/settings";
    }

    /** Where one lab's deadline and budget in a cohort post. */
    public String cohortLabSettings(long id, String labId) {
        return cohort(id) + "/labs/" + labId + "/settings";
    }

    public String cohortExtensions(long id) {
        return cohort(id) + "/extensions";
    }

    public String cohortExtensionRemove(long id) {
        return cohort(id) + "/extensions/remove";
    }

    public String cohortInstructors(long id) {
        return cohort(id) + "/instructors";
    }

    public String gradebook(long id) {
        return cohort(id) + "/gradebook";
    }

    public String gradebookCsv(long id) {
        return cohort(id) + "/gradebook.csv";
    }

    /** A lab's charts in a cohort. */
    public String cohortLab(long id, String labId) {
        return cohort(id) + "/labs/" + labId;
    }

    /** An invite link (the token is the secret). */
    public String join(String token) {
        return base + "/join/" + token;
    }
}
