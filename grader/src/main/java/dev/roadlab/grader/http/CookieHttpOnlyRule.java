package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;

/**
 * ZAP 10010 "Cookie No HttpOnly Flag", from {@code pscanrules/CookieHttpOnlyScanRule.java}: every Set-Cookie and
 * Set-Cookie2 without an HttpOnly attribute, unless its Expires is past (or does not parse), on any response.
 */
final class CookieHttpOnlyRule implements PassiveRule {

    @Override
    public int id() {
        return 10010;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        for (String header : new String[] {"Set-Cookie", "Set-Cookie2"}) {
            for (Headers.Field field : e.headers().fields(header)) {
                String value = field.value();
                if (!ZapSupport.hasAttribute(value, "HttpOnly") && !ZapSupport.isExpired(value)) {
                    sink.raise(e, id(), "Cookie No HttpOnly Flag", Risk.LOW, Confidence.MEDIUM,
                            ZapSupport.cookieName(value), ZapSupport.setCookiePlusName(field));
                }
            }
        }
    }
}
