package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.regex.Pattern;

/**
 * ZAP 10036, from {@code pscanrules/ServerHeaderInfoLeakScanRule.java}: any response; per Server value with a
 * digit, 10036-2 "Server Leaks Version Information via "Server" HTTP Response Header Field" (Low); at LOW, one
 * without a digit is 10036-1 (Informational).
 */
final class ServerHeaderRule implements PassiveRule {

    private static final Pattern VERSION = Pattern.compile(".*\\d.*");

    @Override
    public int id() {
        return 10036;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        for (String server : e.headers().all("Server")) {
            if (VERSION.matcher(server).matches()) {
                sink.raise(e, id(), "10036-2",
                        "Server Leaks Version Information via \"Server\" HTTP Response Header Field", Risk.LOW,
                        Confidence.HIGH, "", server, "");
            } else if (threshold == Threshold.LOW) {
                sink.raise(e, id(), "10036-1",
                        "Server Leaks its Webserver Application via \"Server\" HTTP Response Header Field",
                        Risk.INFORMATIONAL, Confidence.HIGH, "", server, "");
            }
        }
    }
}
