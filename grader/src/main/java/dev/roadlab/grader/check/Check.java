package dev.roadlab.grader.check;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

/**
 * One graded check of a lab: a JUnit test method whose report line has a title, points and a hint.
 *
 * <p>The check's id in reports is the method name in kebab-case ({@code weekly_activity_uses_an_index} becomes
 * {@code weekly-activity-uses-an-index}); lab.yaml's wrong solutions name checks by that id.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
public @interface Check {

    /** Position in the report, lowest first. */
    int order();

    /** What the check verifies, as a sentence the learner reads. */
    String title();

    /** Points earned when the check passes (all or nothing). */
    int points() default 1;

    /** The idea behind the check, shown when it does not pass. Teaches; does not give the answer away. */
    String hint() default "";

    /**
     * Stronger hints, revealed in steps: the first after the learner's first failed attempt at this check, the next
     * after another, the last one staying. {@link #hint()} is the first nudge; these may say more of the answer.
     */
    String[] laterHints() default {};

    /**
     * The section of the lab's module that teaches what this check verifies, as {@code #anchor} (the heading's id
     * in the rendered module page); empty when no one section does. Carried in the report as {@code teaches}.
     */
    String teaches() default "";
}
