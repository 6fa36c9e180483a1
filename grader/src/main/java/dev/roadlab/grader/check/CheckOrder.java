package dev.roadlab.grader.check;

import java.util.Comparator;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/** Runs checks in their declared {@link Check#order()}, so reports read in the order the author wrote them. */
public final class CheckOrder implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(Comparator
                .comparingInt((MethodDescriptor m) -> m.findAnnotation(Check.class).map(Check::order).orElse(Integer.MAX_VALUE))
                .thenComparing(m -> m.getMethod().getName()));
    }

    /** The id a check has in reports: its method name in kebab-case. */
    public static String checkId(String methodName) {
        return methodName.replace('_', '-').replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
