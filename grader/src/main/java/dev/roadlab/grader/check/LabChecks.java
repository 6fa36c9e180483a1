package dev.roadlab.grader.check;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a lab's checks class. Check methods ({@link Check}) and lifecycle methods may take what the run
 * provides as parameters: {@link dev.roadlab.grader.submission.Submission},
 * {@link dev.roadlab.grader.postgres.LabDatabase}, {@link dev.roadlab.grader.lab.Lab}.
 *
 * <p>One instance of the class serves all checks of a run, so a {@code @BeforeAll} method may keep a baseline
 * in a field.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LabExtension.class)
@TestMethodOrder(CheckOrder.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface LabChecks {
}
