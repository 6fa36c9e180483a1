package dev.roadlab.engine.cli;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's Main-Class, compiled for Java 8 so that any {@code java} can load it: on a Java older than 21 it says so
 * in one sentence (rather than an UnsupportedClassVersionError naming class file versions) and exits 2; otherwise it
 * hands over to {@link Main}, which is loaded only then.
 */
public final class Launcher {

    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version", "0");
        if (major(version) < REQUIRED) {
            System.err.println("roadlab needs Java " + REQUIRED + " or newer, but this is Java " + version + " ("
                    + System.getProperty("java.home") + "): run ./roadlab, which finds an installed JDK "
                    + REQUIRED + "+, or run this jar with a JDK " + REQUIRED + "+'s java (e.g. set JAVA_HOME).");
            System.exit(2);
        }
        try {
            Class.forName("dev.roadlab.engine.cli.Main").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" is 8, "17" is 17, "21.0.2" is 21. */
    static int major(String specification) {
        String v = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
