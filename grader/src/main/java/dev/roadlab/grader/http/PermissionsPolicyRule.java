package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;

/**
 * ZAP 10063, from {@code pscanrulesBeta/PermissionsPolicyScanRule.java}: HTML or JavaScript responses, not redirects
 * (unless LOW). 10063-2 "Deprecated Feature Policy Header Set" when Feature-Policy is sent, else 10063-1
 * "Permissions Policy Header Not Set" without Permissions-Policy; both Low.
 */
final class PermissionsPolicyRule implements PassiveRule {

    @Override
    public int id() {
        return 10063;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!ZapSupport.isHtml(e) && !ZapSupport.isJavaScript(e)) {
            return;
        }
        if (ZapSupport.isRedirection(e.status()) && threshold != Threshold.LOW) {
            return;
        }
        if (e.headers().has("Feature-Policy")) {
            sink.raise(e, id(), "10063-2", "Deprecated Feature Policy Header Set", Risk.LOW, Confidence.MEDIUM, "",
                    "Feature-Policy", "");
        } else if (!e.headers().has("Permissions-Policy")) {
            sink.raise(e, id(), "10063-1", "Permissions Policy Header Not Set", Risk.LOW, Confidence.MEDIUM, "", "",
                    "");
        }
    }
}
