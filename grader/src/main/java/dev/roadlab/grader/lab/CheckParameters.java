package dev.roadlab.grader.lab;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.sandbox.SandboxUse;
import dev.roadlab.grader.submission.Submission;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestReporter;

/**
 * Whether a checks class asks only for what its lab's sandboxes provide: a check taking a {@code LabDatabase} in a
 * lab without {@code postgres} would otherwise load fine and then end every run as {@code infrastructure}.
 */
final class CheckParameters {

    private static final List<Class<? extends Annotation>> RUN_BY_JUNIT = List.of(Check.class, BeforeAll.class,
            BeforeEach.class, AfterEach.class, AfterAll.class);

    private CheckParameters() {
    }

    /** What is wrong, one sentence per parameter type nothing provides. */
    static List<String> problems(Class<?> checks, LabDefinition lab, SandboxTypes installed) {
        // JUnit's own TestReporter: what a passing check publishes under "message" becomes its message.
        Set<Class<?>> provided = new HashSet<>(Set.of(Submission.class, Lab.class, TestReporter.class));
        for (SandboxUse<?> use : lab.sandboxes()) {
            provided.addAll(use.type().provides());
        }
        Map<Class<?>, Set<String>> missing = new TreeMap<>(Comparator.comparing(Class::getName));
        for (Class<?> c = checks; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (RUN_BY_JUNIT.stream().noneMatch(method::isAnnotationPresent)) {
                    continue;
                }
                for (Class<?> parameter : method.getParameterTypes()) {
                    if (!provided.contains(parameter)) {
                        missing.computeIfAbsent(parameter, p -> new TreeSet<>()).add(method.getName());
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        missing.forEach((parameter, methods) -> problems.add(checks.getSimpleName() + " asks for a "
                + parameter.getSimpleName() + " (in " + String.join(", ", methods) + "), which "
                + whoProvides(parameter, installed)));
        return problems;
    }

    private static String whoProvides(Class<?> parameter, SandboxTypes installed) {
        List<String> kinds = installed.all().stream().filter(t -> t.provides().contains(parameter))
                .map(SandboxType::name).toList();
        if (kinds.isEmpty()) {
            return "no sandbox kind provides (checks may take Submission, Lab, TestReporter, or what a declared sandbox provides)";
        }
        return "the '" + String.join("' or '", kinds) + "' sandbox provides: add it to sandboxes";
    }
}
