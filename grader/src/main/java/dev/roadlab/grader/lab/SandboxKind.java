package dev.roadlab.grader.lab;

import java.util.Locale;

/** The kinds of sandbox a lab can ask for in lab.yaml. */
public enum SandboxKind {
    POSTGRES, REDIS, NGINX;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SandboxKind fromWireName(String name) {
        for (SandboxKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown sandbox '" + name + "' (known: postgres, redis, nginx)");
    }
}
