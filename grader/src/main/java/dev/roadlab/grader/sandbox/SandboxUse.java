package dev.roadlab.grader.sandbox;

/**
 * A kind a lab declares, with what the lab asks of it.
 *
 * @param type the kind
 * @param spec its lab.yaml section, read
 * @param <S> the kind's spec
 */
public record SandboxUse<S>(SandboxType<S> type, S spec) {

    public String kind() {
        return type.name();
    }
}
