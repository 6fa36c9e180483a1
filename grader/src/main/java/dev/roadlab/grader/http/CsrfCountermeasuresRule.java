package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * ZAP 10202 "Absence of Anti-CSRF Tokens" (Medium), from {@code pscanrules/CsrfCountermeasuresScanRule.java}: HTML
 * responses; each form (GET forms only at LOW) none of whose inputs has an id or name containing, ignoring case, one
 * of ZAP's default anti-CSRF token names ({@code zaproxy/.../anticsrf/AntiCsrfParam.java}, partial matching on, as
 * by default). ZAP's ignore lists and security annotation are empty by default and not modelled.
 */
final class CsrfCountermeasuresRule implements PassiveRule {

    static final List<String> TOKEN_NAMES = List.of("anticsrf", "CSRFToken", "__RequestVerificationToken",
            "csrfmiddlewaretoken", "authenticity_token", "OWASP_CSRFTOKEN", "anoncsrf", "csrf_token", "_csrf",
            "_csrfSecret", "__csrf_magic", "CSRF", "_token", "_csrf_token", "_csrfToken");

    @Override
    public int id() {
        return 10202;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!ZapSupport.isHtml(e)) {
            return;
        }
        int index = 0;
        for (Html.Form form : e.html().forms()) {
            index++;
            String method = form.method() == null ? "GET" : form.method();
            if (threshold != Threshold.LOW && method.equalsIgnoreCase("GET")) {
                continue;
            }
            SortedSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            boolean token = false;
            for (Html.Input input : form.inputs()) {
                if (input.id() != null) {
                    names.add(input.id());
                    token |= isToken(input.id());
                }
                if (input.name() != null) {
                    if (input.id() == null) {
                        names.add(input.name());
                    }
                    token |= isToken(input.name());
                }
            }
            if (!token) {
                String details = "[Form " + index + ": \"" + String.join("\" \"", names) + "\" ]";
                sink.raise(e, id(), String.valueOf(id()), "Absence of Anti-CSRF Tokens", Risk.MEDIUM, Confidence.LOW,
                        "", form.startTag(), "No known Anti-CSRF token " + TOKEN_NAMES + " was found in the following"
                                + " HTML form: " + details + ".");
            }
        }
    }

    private static boolean isToken(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return TOKEN_NAMES.stream().anyMatch(t -> lower.contains(t.toLowerCase(Locale.ROOT)));
    }
}
