package dev.roadlab.grader.check;

import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * What a checks class runs in: the grader's run, as {@link LabExtension} sees it. The runner puts it in the launcher
 * session's store under {@link #STORE_KEY}.
 */
public interface CheckEnvironment {

    /** Where the environment sits in the launcher session's store (namespace and key). */
    String STORE_KEY = "dev.roadlab.grader";

    /** Whether a check may ask for a parameter of this type. */
    boolean provides(Class<?> type);

    /** The object a check gets for a parameter of this type. */
    Object resolve(Class<?> type);

    /** Runs a check or lifecycle method under the run's limits; {@code what} names it in a timeout message. */
    <T> T guarded(String what, ThrowingSupplier<T> work) throws Throwable;
}
