package dev.roadlab.grader.kubernetes;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the known name closest to a misspelt one, if it is close enough to be the one meant. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> nearest(String written, Collection<String> known) {
        String lower = written.toLowerCase(Locale.ROOT);
        Optional<String> sameLetters = known.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
        if (sameLetters.isPresent()) {
            return sameLetters;
        }
        // One edit in four characters at most: 'replica' is 'replicas', 'image' is not 'name'.
        int allowed = Math.max(1, Math.min(3, written.length() / 4));
        return known.stream()
                .filter(k -> Math.abs(k.length() - written.length()) <= allowed)
                .map(k -> new Candidate(k, distance(lower, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance() <= allowed)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    private record Candidate(String name, int distance) {
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit ("contianer"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
