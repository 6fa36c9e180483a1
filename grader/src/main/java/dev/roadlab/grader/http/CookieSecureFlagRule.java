package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;

/**
 * ZAP 10011 "Cookie Without Secure Flag", from {@code pscanrules/CookieSecureFlagScanRule.java}: only for requests
 * over https; every Set-Cookie and Set-Cookie2 without Secure, unless its Expires is past.
 */
final class CookieSecureFlagRule implements PassiveRule {

    @Override
    public int id() {
        return 10011;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!e.isSecure()) {
            return;
        }
        for (String header : new String[] {"Set-Cookie", "Set-Cookie2"}) {
            for (Headers.Field field : e.headers().fields(header)) {
                String value = field.value();
                if (!ZapSupport.hasAttribute(value, "Secure") && !ZapSupport.isExpired(value)) {
                    sink.raise(e, id(), "Cookie Without Secure Flag", Risk.LOW, Confidence.MEDIUM,
                            ZapSupport.cookieName(value), ZapSupport.setCookiePlusName(field));
                }
            }
        }
    }
}
