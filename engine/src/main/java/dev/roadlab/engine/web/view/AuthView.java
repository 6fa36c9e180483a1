package dev.roadlab.engine.web.view;

import java.util.List;

/**
 * The sign-in, sign-up and password reset forms.
 *
 * @param layout    the frame
 * @param csrf      the form token
 * @param next      where to go after signing in (a path under Roadlab), or ""
 * @param login     the login to fill back in, or ""
 * @param notice    a neutral message at the top (after sign-up, after a reset), or ""
 * @param problems  why the last post was refused
 * @param signUp    whether sign-up is offered (with or without an invite)
 * @param invite    the invite secret sign-up carries, or ""
 * @param claimable whether this browser has anonymous progress to keep at sign-up
 * @param action    where the form posts
 */
public record AuthView(Layout layout, String csrf, String next, String login, String notice, List<String> problems,
                       boolean signUp, String invite, boolean claimable, String action) {

    public AuthView {
        problems = List.copyOf(problems);
    }
}
