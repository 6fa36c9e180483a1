package dev.roadlab.engine.accounts;

import java.util.ArrayList;
import java.util.List;

/**
 * A person as the host app knows them: its own stable id, a login, a name, and the role the host gives them. When
 * Roadlab is mounted with an identity hook, the host decides who is signed in and who is an instructor; Roadlab keeps
 * an account per host id (see {@link AccountService#fromHost}) so progress, submissions and cohorts stay keyed as
 * they are for Roadlab's own accounts.
 *
 * @param id          the host's stable id for the person (1 to 200 characters); a login may change, this may not
 * @param login       as {@link AccountService}'s rule for logins, stored lower case
 * @param displayName 1 to 100 characters, without control characters
 * @param role        what the host lets them do in Roadlab
 * @throws AccountProblem naming every problem, so a host's bad mapping shows up as a plain message
 */
public record HostUser(String id, String login, String displayName, Role role) {

    public HostUser {
        login = AccountService.normalLogin(login);
        displayName = displayName == null ? null : displayName.strip();
        List<String> problems = new ArrayList<>();
        if (id == null || id.isEmpty() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
            problems.add("a host user's id is 1 to 200 characters, without control characters");
        }
        problems.addAll(AccountService.loginAndNameProblems(login, displayName));
        if (role == null) {
            problems.add("a host user needs a role");
        }
        if (!problems.isEmpty()) {
            throw new AccountProblem(problems);
        }
    }
}
