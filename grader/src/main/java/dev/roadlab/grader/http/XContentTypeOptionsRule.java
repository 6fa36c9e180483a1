package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;
import java.util.Locale;

/**
 * ZAP 10021 "X-Content-Type-Options Header Missing" (Low), from {@code pscanrules/XContentTypeOptionsScanRule.java}:
 * responses with a body, of any type, except (unless LOW) redirects, 4xx and 5xx; raised when the header is
 * missing, once per value that does not contain nosniff.
 */
final class XContentTypeOptionsRule implements PassiveRule {

    @Override
    public int id() {
        return 10021;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!ZapSupport.hasBody(e)) {
            return;
        }
        if (threshold != Threshold.LOW && (ZapSupport.isServerError(e.status()) || ZapSupport.isClientError(e.status())
                || ZapSupport.isRedirection(e.status()))) {
            return;
        }
        List<String> values = e.headers().all("X-Content-Type-Options");
        if (values.isEmpty()) {
            sink.raise(e, id(), "X-Content-Type-Options Header Missing", Risk.LOW, Confidence.MEDIUM,
                    "x-content-type-options", "");
        }
        for (String value : values) {
            if (!value.toLowerCase(Locale.ROOT).contains("nosniff")) {
                sink.raise(e, id(), "X-Content-Type-Options Header Missing", Risk.LOW, Confidence.MEDIUM,
                        "x-content-type-options", value);
            }
        }
    }
}
