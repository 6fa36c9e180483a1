package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;
import java.util.Locale;

/**
 * ZAP 10015 "Re-examine Cache-control Directives" (Informational), from {@code pscanrules/CacheControlScanRule.java}:
 * over https, with a body, not POST, not an image; unless at LOW threshold, also not a redirect, a 4xx or 5xx, a
 * non-text response, JavaScript or CSS. Raised when the Cache-Control fields lack any of no-store, no-cache and
 * must-revalidate.
 */
final class CacheControlRule implements PassiveRule {

    @Override
    public int id() {
        return 10015;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!e.isSecure() || !ZapSupport.hasBody(e) || e.method().equals("POST") || ZapSupport.isImage(e)) {
            return;
        }
        if (threshold != Threshold.LOW && (ZapSupport.isRedirection(e.status()) || ZapSupport.isClientError(e.status())
                || ZapSupport.isServerError(e.status()) || !ZapSupport.isText(e) || ZapSupport.isJavaScript(e)
                || ZapSupport.isCss(e))) {
            return;
        }
        List<String> values = e.headers().all("Cache-Control");
        // ZAP searches the list's toString(), lower-cased: "[no-store, max-age=0]"
        String all = values.isEmpty() ? "" : values.toString().toLowerCase(Locale.ROOT);
        if (all.isEmpty() || !all.contains("no-store") || !all.contains("no-cache")
                || !all.contains("must-revalidate")) {
            String evidence = all.startsWith("[") && all.endsWith("]") ? all.substring(1, all.length() - 1) : all;
            sink.raise(e, id(), "Re-examine Cache-control Directives", Risk.INFORMATIONAL, Confidence.LOW,
                    "cache-control", evidence);
        }
    }
}
