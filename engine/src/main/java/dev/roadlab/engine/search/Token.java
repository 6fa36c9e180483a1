package dev.roadlab.engine.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A word of a text as search sees it: letters and digits only, case-folded and without accents ("Índex" and "index"
 * are one term), with where it sits in the original text so snippets can mark it there.
 *
 * @param term   the folded word
 * @param start  its first char in the text
 * @param end    one past its last char
 */
record Token(String term, int start, int end) {

    /** The words of a text, in order. Punctuation and underscores separate words: audit_logs is audit, logs. */
    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        int start = -1;
        int i = 0;
        while (i <= text.length()) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            int width = i < text.length() ? Character.charCount(cp) : 1;
            if (Character.isLetterOrDigit(cp)) {
                if (start < 0) {
                    start = i;
                }
                fold(cp, term);
            } else if (start >= 0) {
                tokens.add(new Token(term.toString(), start, i));
                term.setLength(0);
                start = -1;
            }
            i += width;
        }
        return tokens;
    }

    private static void fold(int cp, StringBuilder out) {
        if (cp < 128) {
            out.append((char) Character.toLowerCase(cp));
            return;
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
        out.append(decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT));
    }
}
