package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;

/**
 * ZAP 10098 "Cross-Domain Misconfiguration" (Medium), from
 * {@code pscanrules/CrossDomainMisconfigurationScanRule.java}: any response whose first Access-Control-Allow-Origin
 * is exactly {@code *}, credentials or not.
 */
final class CrossDomainMisconfigurationRule implements PassiveRule {

    @Override
    public int id() {
        return 10098;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        List<Headers.Field> acao = e.headers().fields("Access-Control-Allow-Origin");
        if (!acao.isEmpty() && acao.get(0).value().equals("*")) {
            sink.raise(e, id(), "Cross-Domain Misconfiguration", Risk.MEDIUM, Confidence.MEDIUM, "",
                    acao.get(0).toString());
        }
    }
}
