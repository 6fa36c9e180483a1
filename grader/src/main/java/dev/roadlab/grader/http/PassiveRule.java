package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.List;

/**
 * One of OWASP ZAP's passive scan rules, ported from zaproxy/zap-extensions ({@code addOns/pscanrules} and
 * {@code addOns/pscanrulesBeta}); each implementation names the source file it mirrors.
 */
interface PassiveRule {

    /** ZAP's plugin id. */
    int id();

    void scan(HttpExchange exchange, Threshold threshold, Sink sink);

    /** Collects the alerts the rules raise. */
    final class Sink {

        private final List<Alert> alerts;

        Sink(List<Alert> alerts) {
            this.alerts = alerts;
        }

        void raise(HttpExchange e, int id, String ref, String name, Risk risk, Confidence confidence, String param,
                   String evidence, String otherInfo) {
            alerts.add(new Alert(id, ref, name, risk, confidence, e.describe(), e.uri(), param == null ? "" : param,
                    evidence == null ? "" : evidence, otherInfo == null ? "" : otherInfo));
        }

        void raise(HttpExchange e, int id, String name, Risk risk, Confidence confidence, String param,
                   String evidence) {
            raise(e, id, String.valueOf(id), name, risk, confidence, param, evidence, "");
        }
    }
}
