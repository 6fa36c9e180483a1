package dev.roadlab.engine.web.view;

import java.util.Locale;

/**
 * One file in the lab page's editor.
 *
 * @param name      the file's name, also the form field it is submitted as
 * @param content   what the editor starts with: the learner's last attempt, else the starter
 * @param language  what the editor highlights it as: sql, lua, yaml, json, nginx or plain
 * @param maxBytes  the lab's size limit for it
 */
public record EditorFile(String name, String content, String language, long maxBytes) {

    /** The language a file's name says it is in. */
    public static String languageOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sql")) {
            return "sql";
        }
        if (lower.endsWith(".lua")) {
            return "lua";
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return "yaml";
        }
        if (lower.endsWith(".json")) {
            return "json";
        }
        if (lower.endsWith(".conf") || lower.startsWith("nginx")) {
            return "nginx";
        }
        return "plain";
    }
}
