package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;

/**
 * ZAP 10054, from {@code pscanrules/CookieSameSiteScanRule.java}: per unexpired Set-Cookie(2), 10054-1 "Cookie
 * without SameSite Attribute", 10054-2 "Cookie with SameSite Attribute None" (not at HIGH threshold), 10054-3
 * "Cookie with Invalid SameSite Attribute"; all Low. A SameSite without value counts as missing, as in ZAP.
 */
final class CookieSameSiteRule implements PassiveRule {

    @Override
    public int id() {
        return 10054;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        for (String header : new String[] {"Set-Cookie", "Set-Cookie2"}) {
            for (Headers.Field field : e.headers().fields(header)) {
                String cookie = field.value();
                if (ZapSupport.isExpired(cookie)) {
                    continue;
                }
                String sameSite = ZapSupport.attributeValue(cookie, "SameSite");
                String name = ZapSupport.cookieName(cookie);
                String evidence = ZapSupport.setCookiePlusName(field);
                if (sameSite == null) {
                    sink.raise(e, id(), "10054-1", "Cookie without SameSite Attribute", Risk.LOW, Confidence.MEDIUM,
                            name, evidence, "");
                } else if (sameSite.equalsIgnoreCase("None") && threshold != Threshold.HIGH) {
                    sink.raise(e, id(), "10054-2", "Cookie with SameSite Attribute None", Risk.LOW,
                            Confidence.MEDIUM, name, evidence, "");
                } else if (!(sameSite.equalsIgnoreCase("Strict") || sameSite.equalsIgnoreCase("Lax")
                        || sameSite.equalsIgnoreCase("None"))) {
                    sink.raise(e, id(), "10054-3", "Cookie with Invalid SameSite Attribute", Risk.LOW,
                            Confidence.MEDIUM, name, evidence, "");
                }
            }
        }
    }
}
