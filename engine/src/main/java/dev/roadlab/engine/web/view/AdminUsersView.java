package dev.roadlab.engine.web.view;

import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.grading.GradingQueue;
import java.util.List;

/**
 * The admin's accounts page.
 *
 * @param resetFor   the login a reset link was just made for, or ""
 * @param resetLink  that link (shown once), or ""
 * @param problems   why the last change was refused
 */
public record AdminUsersView(Layout layout, List<Account> accounts, String csrf, String resetFor, String resetLink,
                             List<String> problems, List<GradingQueue.GaveUp> gaveUp) {

    public AdminUsersView {
        accounts = List.copyOf(accounts);
        problems = List.copyOf(problems);
        gaveUp = List.copyOf(gaveUp);
    }

    public List<Role> roles() {
        return List.of(Role.values());
    }
}
