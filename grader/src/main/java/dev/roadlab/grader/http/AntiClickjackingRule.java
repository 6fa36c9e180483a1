package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;
import java.util.Locale;

/**
 * ZAP 10020, from {@code pscanrules/AntiClickjackingScanRule.java}: HTML responses only (any at LOW), text, with a
 * body, not redirects nor 4xx/5xx (unless LOW). A Content-Security-Policy whose text contains
 * {@code frame-ancestors} settles it (except at LOW, where the alerts drop to Low). Otherwise 10020-1 "Missing
 * Anti-clickjacking Header", 10020-2 "Multiple X-Frame-Options Header Entries", 10020-4 "X-Frame-Options Setting
 * Malformed" (neither DENY nor SAMEORIGIN), all Medium; and 10020-3 for an X-Frame-Options meta tag.
 */
final class AntiClickjackingRule implements PassiveRule {

    @Override
    public int id() {
        return 10020;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        boolean low = threshold == Threshold.LOW;
        if (!low && !ZapSupport.isHtml(e)) {
            return;
        }
        if (!ZapSupport.hasBody(e) || !ZapSupport.isText(e)) {
            return;
        }
        if (!low && (ZapSupport.isServerError(e.status()) || ZapSupport.isClientError(e.status())
                || ZapSupport.isRedirection(e.status()))) {
            return;
        }
        List<String> csp = e.headers().all("Content-Security-Policy");
        boolean inCsp = !csp.isEmpty() && csp.toString().contains("frame-ancestors");
        if (inCsp && !low) {
            return;
        }
        Risk risk = inCsp ? Risk.LOW : Risk.MEDIUM;
        List<String> xfo = e.headers().all("X-Frame-Options");
        if (!xfo.isEmpty()) {
            for (String value : xfo) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.contains("deny") && !lower.contains("sameorigin")) {
                    sink.raise(e, id(), "10020-4", "X-Frame-Options Setting Malformed", risk, Confidence.MEDIUM,
                            "x-frame-options", value, "");
                }
            }
            if (xfo.size() > 1) {
                sink.raise(e, id(), "10020-2", "Multiple X-Frame-Options Header Entries", risk, Confidence.MEDIUM,
                        "x-frame-options", "", "");
            }
        } else {
            sink.raise(e, id(), "10020-1", "Missing Anti-clickjacking Header", risk, Confidence.MEDIUM,
                    "x-frame-options", "", "");
        }
        String meta = e.html().httpEquivElement("X-Frame-Options");
        if (meta != null) {
            sink.raise(e, id(), "10020-3", "X-Frame-Options Defined via META (Non-compliant with Spec)", risk,
                    Confidence.MEDIUM, "x-frame-options", meta, "");
        }
    }
}
