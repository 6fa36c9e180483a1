package dev.roadlab.grader.yaml;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the sizes ("256 KB") and durations ("90s") that lab.yaml and configuration use. */
public final class Quantities {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(MS|S|M|MIN)?", Pattern.CASE_INSENSITIVE);

    private Quantities() {
    }

    /** "256 KB", "256KiB", "1 MB", "512" (bytes). KB and KiB both mean 1024 bytes. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 256 KB or 1 MB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB", "KIB" -> n * 1024;
            case "MB", "MIB" -> n * 1024 * 1024;
            default -> n;
        };
    }

    /** "90s", "500ms", "2m", "120" (seconds). */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 500ms or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "S" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "MS" -> Duration.ofMillis(n);
            case "M", "MIN" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** 262144 -> "256 KB", 1536 -> "1.5 KB", 100 -> "100 bytes". */
    public static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return trim(kb) + " KB";
        }
        return trim(kb / 1024.0) + " MB";
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
