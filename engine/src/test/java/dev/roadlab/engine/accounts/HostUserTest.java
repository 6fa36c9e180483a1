package dev.roadlab.engine.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostUserTest {

    @Test
    void a_host_user_is_held_to_roadlabs_rules_for_logins_and_names_and_the_login_is_lower_cased() {
        HostUser user = new HostUser("portal-42", "  Alice.B ", " Alice B ", Role.INSTRUCTOR);
        assertThat(user.login()).isEqualTo("alice.b");
        assertThat(user.displayName()).isEqualTo("Alice B");
    }

    @Test
    void a_host_user_with_a_bad_id_login_name_or_no_role_is_refused_naming_each_problem() {
        assertThatThrownBy(() -> new HostUser("", "a b", "", null))
                .isInstanceOfSatisfying(AccountProblem.class, p -> assertThat(p.problems()).hasSize(4));
        assertThatThrownBy(() -> new HostUser("x".repeat(201), "alice", "Alice", Role.LEARNER))
                .isInstanceOf(AccountProblem.class).hasMessageContaining("200");
        assertThatThrownBy(() -> new HostUser("1", "alice", "n".repeat(101), Role.LEARNER))
                .isInstanceOf(AccountProblem.class).hasMessageContaining("100");
    }
}
