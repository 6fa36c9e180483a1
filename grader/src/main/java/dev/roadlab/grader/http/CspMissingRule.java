package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;

/**
 * ZAP 10038, from {@code pscanrules/ContentSecurityPolicyMissingScanRule.java}: HTML responses that are not redirects
 * (any at LOW). 10038-1 "Content Security Policy (CSP) Header Not Set" (Medium) without a CSP header or meta tag;
 * 10038-2 for the obsolete X-Content-Security-Policy or X-WebKit-CSP and 10038-3 for a Report-Only header
 * (Informational).
 */
final class CspMissingRule implements PassiveRule {

    @Override
    public int id() {
        return 10038;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if ((!ZapSupport.isHtml(e) || ZapSupport.isRedirection(e.status())) && threshold != Threshold.LOW) {
            return;
        }
        if (!e.headers().has("Content-Security-Policy") && e.html().httpEquiv("Content-Security-Policy").isEmpty()) {
            sink.raise(e, id(), "10038-1", "Content Security Policy (CSP) Header Not Set", Risk.MEDIUM,
                    Confidence.HIGH, "", "", "");
        }
        if (e.headers().has("X-Content-Security-Policy") || e.headers().has("X-WebKit-CSP")) {
            sink.raise(e, id(), "10038-2", "Obsolete Content Security Policy (CSP) Header Found",
                    Risk.INFORMATIONAL, Confidence.HIGH, "", "", "");
        }
        if (e.headers().has("Content-Security-Policy-Report-Only")) {
            sink.raise(e, id(), "10038-3", "Content Security Policy (CSP) Report-Only Header Found",
                    Risk.INFORMATIONAL, Confidence.HIGH, "", "", "");
        }
    }
}
