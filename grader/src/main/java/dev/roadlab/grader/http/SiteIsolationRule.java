package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * ZAP 90004 "Insufficient Site Isolation Against Spectre Vulnerability" (Low), from
 * {@code pscanrulesBeta/SiteIsolationScanRule.java}, on 2xx responses only:
 * <ul>
 *   <li>90004-1 Cross-Origin-Resource-Policy missing, or {@code same-site} or unknown, unless any
 *       {@code Access-Control-Allow-*} header is sent;</li>
 *   <li>90004-2 Cross-Origin-Embedder-Policy missing or not {@code require-corp}/{@code credentialless}, and
 *       90004-3 Cross-Origin-Opener-Policy missing or not {@code same-origin}, for documents (a Content-Type
 *       starting with {@code text/html} or {@code application/xml}).</li>
 * </ul>
 * Values are split on {@code ;} and {@code report-to} parts dropped, as ZAP does.
 */
final class SiteIsolationRule implements PassiveRule {

    @Override
    public int id() {
        return 90004;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!ZapSupport.isSuccess(e.status())) {
            return;
        }
        boolean cors = e.headers().fields().stream()
                .anyMatch(f -> f.name().toLowerCase(java.util.Locale.ROOT).startsWith("access-control-allow-"));
        if (!cors) {
            List<String> corp = e.headers().all("Cross-Origin-Resource-Policy");
            if (corp.isEmpty()) {
                raise(e, sink, 1, "Cross-Origin-Resource-Policy", "");
            }
            corp.stream().flatMap(SiteIsolationRule::parts)
                    .filter(v -> v.equalsIgnoreCase("same-site")
                            || !(v.equalsIgnoreCase("same-origin") || v.equalsIgnoreCase("cross-origin")))
                    .forEach(v -> raise(e, sink, 1, "Cross-Origin-Resource-Policy", v));
        }
        boolean document = e.headers().all("Content-Type").stream()
                .anyMatch(v -> v.startsWith("text/html") || v.startsWith("application/xml"));
        if (!document) {
            return;
        }
        List<String> coep = e.headers().all("Cross-Origin-Embedder-Policy");
        if (coep.isEmpty()) {
            raise(e, sink, 2, "Cross-Origin-Embedder-Policy", "");
        }
        coep.stream().flatMap(SiteIsolationRule::parts)
                .filter(v -> !v.equalsIgnoreCase("require-corp") && !v.equalsIgnoreCase("credentialless"))
                .forEach(v -> raise(e, sink, 2, "Cross-Origin-Embedder-Policy", v));
        List<String> coop = e.headers().all("Cross-Origin-Opener-Policy");
        if (coop.isEmpty()) {
            raise(e, sink, 3, "Cross-Origin-Opener-Policy", "");
        }
        coop.stream().flatMap(SiteIsolationRule::parts).filter(v -> !v.equalsIgnoreCase("same-origin"))
                .forEach(v -> raise(e, sink, 3, "Cross-Origin-Opener-Policy", v));
    }

    private static Stream<String> parts(String value) {
        return Arrays.stream(value.split(";")).map(String::trim).filter(p -> !p.startsWith("report-to"));
    }

    private void raise(HttpExchange e, Sink sink, int ref, String header, String evidence) {
        sink.raise(e, id(), id() + "-" + ref, header + " Header Missing or Invalid", Risk.LOW, Confidence.MEDIUM,
                header, evidence, "");
    }
}
