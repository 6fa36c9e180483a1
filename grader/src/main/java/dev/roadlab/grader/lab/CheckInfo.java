package dev.roadlab.grader.lab;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckOrder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A check as declared on its method, known before anything runs (for lab pages, max scores, and to name checks
 * that never got to run).
 *
 * @param id          kebab-case id (the method name)
 * @param methodName  the Java method
 * @param order       report position
 * @param title       what it verifies
 * @param points      what it is worth
 * @param hint        the idea behind it (the first step of its hints)
 * @param laterHints  stronger hints revealed on later failed attempts, in order
 * @param teaches     the {@code #anchor} of the module section that teaches it, or empty
 */
public record CheckInfo(String id, String methodName, int order, String title, int points, String hint,
                        List<String> laterHints, String teaches) {

    public CheckInfo {
        laterHints = List.copyOf(laterHints);
        teaches = teaches == null ? "" : teaches;
    }

    /** A check with one hint and no section named (tests and fixtures). */
    public CheckInfo(String id, String methodName, int order, String title, int points, String hint) {
        this(id, methodName, order, title, points, hint, List.of(), "");
    }

    /** The checks of a checks class, in report order. */
    public static List<CheckInfo> of(Class<?> checksClass) {
        List<CheckInfo> checks = new ArrayList<>();
        for (Class<?> c = checksClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                Check check = method.getAnnotation(Check.class);
                if (check != null) {
                    checks.add(new CheckInfo(CheckOrder.checkId(method.getName()), method.getName(), check.order(),
                            check.title(), check.points(), check.hint(), List.of(check.laterHints()), check.teaches()));
                }
            }
        }
        checks.sort(Comparator.comparingInt(CheckInfo::order).thenComparing(CheckInfo::methodName));
        return List.copyOf(checks);
    }
}
