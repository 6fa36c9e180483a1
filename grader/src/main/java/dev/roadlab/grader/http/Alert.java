package dev.roadlab.grader.http;

import java.net.URI;

/**
 * One alert of the passive scan, as OWASP ZAP raises it: the rule's id ({@code pluginId}) and, for rules with
 * several cases, the case ({@code alertRef}, e.g. {@code 10055-5}), its name and risk, the request it is about
 * and the evidence found there.
 *
 * @param request   the request as a learner reads it, {@code GET /missing (404)}
 * @param param     the header or cookie the alert is about ("" if none)
 * @param evidence  what was found ("" if the alert is about something missing)
 * @param otherInfo ZAP's further detail where it gives one (CSP notices, the directives concerned), else ""
 */
public record Alert(int pluginId, String alertRef, String name, Risk risk, Confidence confidence, String request,
                    URI url, String param, String evidence, String otherInfo) {

    /** ZAP's risk levels, lowest first. */
    public enum Risk {
        INFORMATIONAL, LOW, MEDIUM, HIGH;

        /** As ZAP writes it: Informational, Low, Medium, High. */
        public String label() {
            return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
        }

        public boolean atLeast(Risk other) {
            return compareTo(other) >= 0;
        }
    }

    /** ZAP's confidence levels. */
    public enum Confidence { LOW, MEDIUM, HIGH }

    /** One line: {@code 10038 Content Security Policy (CSP) Header Not Set [Medium] GET / (200)}, evidence after. */
    public String describe() {
        return alertRef + " " + name + " [" + risk.label() + "] " + request
                + (evidence.isEmpty() ? "" : ": " + evidence);
    }

    @Override
    public String toString() {
        return describe();
    }
}
