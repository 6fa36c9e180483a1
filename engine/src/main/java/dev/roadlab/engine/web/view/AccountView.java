package dev.roadlab.engine.web.view;

import dev.roadlab.engine.accounts.Account;
import java.util.List;

/**
 * The signed-in person's page: who they are, and the password form.
 *
 * @param notice   a message after a change, or ""
 * @param problems why the last change was refused
 */
public record AccountView(Layout layout, Account account, String csrf, String notice, List<String> problems) {

    public AccountView {
        problems = List.copyOf(problems);
    }
}
