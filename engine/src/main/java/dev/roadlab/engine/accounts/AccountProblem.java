package dev.roadlab.engine.accounts;

import java.util.List;

/** Input an account operation cannot take (a weak password, a bad login), with what to change. */
public final class AccountProblem extends RuntimeException {

    private final List<String> problems;

    public AccountProblem(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public AccountProblem(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
