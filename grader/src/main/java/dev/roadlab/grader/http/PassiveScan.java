package dev.roadlab.grader.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What an OWASP ZAP baseline scan's passive rules would raise on a set of responses, by ZAP rule id: the rules
 * are ported from zaproxy/zap-extensions ({@code addOns/pscanrules}, {@code addOns/pscanrulesBeta}) with their
 * conditions (which content types, statuses and schemes each skips) and ZAP's names and risks:
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>Id</th><th>Rule</th><th>Risk</th></tr>
 *   <tr><td>10010</td><td>Cookie No HttpOnly Flag</td><td>Low</td></tr>
 *   <tr><td>10011</td><td>Cookie Without Secure Flag (https only)</td><td>Low</td></tr>
 *   <tr><td>10015</td><td>Re-examine Cache-control Directives (https only)</td><td>Informational</td></tr>
 *   <tr><td>10020</td><td>Anti-clickjacking Header (-1 missing, -2 multiple, -3 meta, -4 malformed)</td><td>Medium</td></tr>
 *   <tr><td>10021</td><td>X-Content-Type-Options Header Missing</td><td>Low</td></tr>
 *   <tr><td>10035</td><td>Strict-Transport-Security (-1 to -8; https only, but -6 meta anywhere)</td><td>Low</td></tr>
 *   <tr><td>10036</td><td>Server header version leak (-2; -1 at LOW)</td><td>Low</td></tr>
 *   <tr><td>10037</td><td>X-Powered-By information leak</td><td>Low</td></tr>
 *   <tr><td>10038</td><td>CSP Header Not Set (-1 Medium), obsolete (-2), report-only (-3)</td><td>Medium</td></tr>
 *   <tr><td>10054</td><td>Cookie SameSite (-1 missing, -2 None, -3 invalid)</td><td>Low</td></tr>
 *   <tr><td>10055</td><td>CSP (-1 to -13: notices, wildcards, unsafe-inline/-eval/-hashes, meta...)</td><td>Medium</td></tr>
 *   <tr><td>10063</td><td>Permissions Policy Header Not Set (-1), Feature-Policy (-2)</td><td>Low</td></tr>
 *   <tr><td>10098</td><td>Cross-Domain Misconfiguration (ACAO *)</td><td>Medium</td></tr>
 *   <tr><td>10202</td><td>Absence of Anti-CSRF Tokens (POST forms)</td><td>Medium</td></tr>
 *   <tr><td>90004</td><td>Insufficient Site Isolation Against Spectre (-1 CORP, -2 COEP, -3 COOP)</td><td>Low</td></tr>
 * </table>
 *
 * Rules that read the body (meta tags, forms, and ZAP's "has a body" conditions) need the exchanges' bodies.
 *
 * <pre>{@code
 * PassiveScanReport report = PassiveScan.of(exchanges);
 * report.atLeast(Alert.Risk.MEDIUM);   // the alerts a baseline scan fails on
 * report.alerts(10038);                // pages without a CSP
 * }</pre>
 */
public final class PassiveScan {

    /** ZAP's alert threshold: which cases a rule reports. A baseline scan runs at MEDIUM. */
    public enum Threshold { LOW, MEDIUM, HIGH }

    private static final List<PassiveRule> RULES = List.of(new CookieHttpOnlyRule(), new CookieSecureFlagRule(),
            new CacheControlRule(), new AntiClickjackingRule(), new XContentTypeOptionsRule(),
            new StrictTransportSecurityRule(), new ServerHeaderRule(), new XPoweredByRule(), new CspMissingRule(),
            new CookieSameSiteRule(), new CspRule(), new PermissionsPolicyRule(), new CrossDomainMisconfigurationRule(),
            new CsrfCountermeasuresRule(), new SiteIsolationRule());

    private PassiveScan() {
    }

    /** Scans at ZAP's default threshold, MEDIUM. */
    public static PassiveScanReport of(Collection<HttpExchange> exchanges) {
        return of(exchanges, Threshold.MEDIUM);
    }

    public static PassiveScanReport of(Collection<HttpExchange> exchanges, Threshold threshold) {
        List<Alert> alerts = new ArrayList<>();
        PassiveRule.Sink sink = new PassiveRule.Sink(alerts);
        for (HttpExchange exchange : exchanges) {
            for (PassiveRule rule : RULES) {
                rule.scan(exchange, threshold, sink);
            }
        }
        return new PassiveScanReport(alerts);
    }

    /** The ids of the rules the scan runs. */
    public static List<Integer> ruleIds() {
        return RULES.stream().map(PassiveRule::id).toList();
    }
}
