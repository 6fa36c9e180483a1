package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;

/**
 * ZAP 10037 (Low), from {@code pscanrules/XPoweredByHeaderInfoLeakScanRule.java}: any response with an
 * X-Powered-By field; one alert, the first field as evidence, the others in the other info.
 */
final class XPoweredByRule implements PassiveRule {

    @Override
    public int id() {
        return 10037;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        List<Headers.Field> fields = e.headers().fields("X-Powered-By");
        if (fields.isEmpty()) {
            return;
        }
        String others = fields.size() > 1 ? "The following X-Powered-By headers were also found:\n"
                + String.join("\n", fields.subList(1, fields.size()).stream().map(Headers.Field::toString).toList())
                : "";
        sink.raise(e, id(), String.valueOf(id()),
                "Server Leaks Information via \"X-Powered-By\" HTTP Response Header Field(s)", Risk.LOW,
                Confidence.MEDIUM, "", fields.get(0).toString(), others);
    }
}
