package dev.roadlab.engine.web.view;

/**
 * An invite link's page: a join button for the signed in, a sign-up form (carrying the invite) and a sign-in link
 * for the others.
 *
 * @param cohortName   the cohort it leads to; null when the link is unknown, expired or revoked
 * @param signedIn     whether someone is signed in
 * @param signInUrl    sign in, then come back here
 */
public record JoinView(Layout layout, String token, String cohortName, boolean signedIn, String csrf,
                       String joinUrl, String signUpUrl, String signInUrl) {
}
