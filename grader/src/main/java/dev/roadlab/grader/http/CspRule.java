package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.htmlunit.csp.FetchDirectiveKind;
import org.htmlunit.csp.Policy;
import org.htmlunit.csp.PolicyInOrigin;
import org.htmlunit.csp.directive.SourceExpressionDirective;
import org.htmlunit.csp.url.URI;
import org.htmlunit.csp.url.URLWithScheme;

/**
 * ZAP 10055 "CSP", from {@code pscanrules/ContentSecurityPolicyScanRule.java}, judged with the parser ZAP uses
 * (htmlunit-csp): HTML responses (any at LOW). Per Content-Security-Policy value: 10055-3 notices of the parser
 * (Low with errors or warnings, else Informational), 10055-4 "Wildcard Directive" and 10055-13 "Failure to Define
 * Directive with No Fallback" (form-action, frame-ancestors) for directives that let in a random host, 10055-5/-6
 * unsafe-inline script/style, 10055-7/-8 unsafe-hashes, 10055-10 unsafe-eval, 10055-9 a non-ASCII policy (all
 * Medium); 10055-1/-2 for X-Content-Security-Policy and X-WebKit-CSP. Meta policies get the same, plus 10055-11
 * for directives not allowed in meta and 10055-12 "Header & Meta".
 */
final class CspRule implements PassiveRule {

    private static final String RAND_FQDN = "7963124546083337415.owasp.org";
    private static final Optional<URLWithScheme> HTTP_URI = Optional.of(URI.parseURI("http://" + RAND_FQDN).get());
    private static final Optional<URLWithScheme> HTTPS_URI = Optional.of(URI.parseURI("https://" + RAND_FQDN).get());
    /**
     * ZAP passes {@code URI.parseURI(RAND_FQDN).orElse(null)}, a null origin htmlunit-csp 5.3 accepted and 5.5
     * refuses; the inline checks never read the origin, so the random host stands in.
     */
    private static final URLWithScheme INLINE_ORIGIN = HTTPS_URI.get();
    private static final List<String> NO_FALLBACK = List.of("form-action", "frame-ancestors");
    private static final String CSP = "Content-Security-Policy";

    private record PolicyError(Policy.Severity severity, String message) {
    }

    @Override
    public int id() {
        return 10055;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        if (!ZapSupport.isHtml(e) && threshold != Threshold.LOW) {
            return;
        }
        List<Headers.Field> csp = e.headers().fields(CSP);
        boolean found = !csp.isEmpty();
        obsolete(e, sink, "X-Content-Security-Policy", "1", found);
        obsolete(e, sink, "X-WebKit-CSP", "2", found);
        if (found) {
            // One error list for all the values, as in ZAP: notices of an earlier value are reported again.
            List<PolicyError> errors = new ArrayList<>();
            String param = csp.get(0).name();
            for (Headers.Field field : csp) {
                String text = field.value();
                Policy policy = parse(e, sink, text, errors, param);
                if (policy == null) {
                    continue;
                }
                notices(e, sink, errors, param, text);
                wildcards(e, sink, wildcardSources(text), param, text);
                inlineAndEval(e, sink, policy, param, text);
            }
        }
        for (Html.Meta meta : e.html().metas()) {
            if (meta.httpEquiv() == null || meta.httpEquiv().isBlank()) {
                continue;
            }
            String text = meta.content();
            if (CSP.equalsIgnoreCase(meta.httpEquiv()) && text != null && !text.isBlank()) {
                List<PolicyError> errors = new ArrayList<>();
                Policy policy = parse(e, sink, text, errors, meta.httpEquiv());
                if (policy != null) {
                    notices(e, sink, errors, CSP, text);
                    List<String> wild = wildcardSources(text);
                    wild.remove("frame-ancestors");
                    wildcards(e, sink, wild, CSP, text);
                    PolicyInOrigin p = new PolicyInOrigin(policy, INLINE_ORIGIN);
                    if (p.allowsUnsafeInlineScript()) {
                        medium(e, sink, "5", "script-src unsafe-inline", meta.httpEquiv(), text,
                                "script-src includes unsafe-inline.");
                    }
                    if (p.allowsUnsafeInlineStyle()) {
                        medium(e, sink, "6", "style-src unsafe-inline", meta.httpEquiv(), text,
                                "style-src includes unsafe-inline.");
                    }
                    if (unsafeHashes(policy, FetchDirectiveKind.ScriptSrc)) {
                        medium(e, sink, "7", "script-src unsafe-hashes", meta.httpEquiv(), text, "");
                    }
                    if (unsafeHashes(policy, FetchDirectiveKind.StyleSrc)) {
                        medium(e, sink, "8", "style-src unsafe-hashes", meta.httpEquiv(), text, "");
                    }
                    if (policy.sandbox().isPresent() || policy.frameAncestors().isPresent()
                            || policy.reportUri().isPresent()) {
                        medium(e, sink, "11", "Meta Policy Invalid Directive", meta.httpEquiv(), text, "");
                    }
                    if (unsafeEval(policy, FetchDirectiveKind.ScriptSrc)) {
                        medium(e, sink, "10", "script-src unsafe-eval", CSP, text, "script-src includes unsafe-eval.");
                    }
                }
            }
            if (found) {
                // ZAP raises this once per meta element with any http-equiv, while a header policy is present.
                sink.raise(e, id(), "10055-12", "CSP: Header & Meta", Risk.INFORMATIONAL, Confidence.HIGH, "", "", "");
            }
        }
    }

    private void obsolete(HttpExchange e, Sink sink, String header, String ref, boolean cspFound) {
        List<Headers.Field> fields = e.headers().fields(header);
        if (!fields.isEmpty()) {
            sink.raise(e, id(), "10055-" + ref, "CSP: " + header, cspFound ? Risk.INFORMATIONAL : Risk.LOW,
                    Confidence.HIGH, fields.get(0).name(), fields.get(0).value(), "The header " + header
                            + " was found on this response; ZAP does not analyse the policy it holds.");
        }
    }

    private Policy parse(HttpExchange e, Sink sink, String text, List<PolicyError> errors, String param) {
        try {
            return Policy.parseSerializedCSP(text, (severity, message, directive, value) ->
                    errors.add(new PolicyError(severity, message)));
        } catch (IllegalArgumentException notParsed) {
            if (notParsed.getMessage() != null && notParsed.getMessage().contains("not ascii")) {
                String bad = text.codePoints().filter(c -> c < 32 || c >= 127)
                        .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
                medium(e, sink, "9", "Malformed Policy (Non-ASCII)", param, text, "A non-ASCII character was"
                        + " encountered while attempting to parse the policy, thus rendering it invalid (no further"
                        + " evaluation occurred). The following invalid characters were collected: " + bad);
            }
            return null; // ZAP logs any other parse failure (a comma, for one) and skips the value
        }
    }

    private void notices(HttpExchange e, Sink sink, List<PolicyError> errors, String param, String text) {
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder info = new StringBuilder();
        section(info, errors, Policy.Severity.Error, "Errors:");
        section(info, errors, Policy.Severity.Warning, "Warnings:");
        section(info, errors, Policy.Severity.Info, "Info Items:");
        boolean serious = errors.stream().anyMatch(p -> p.severity() != Policy.Severity.Info);
        sink.raise(e, id(), "10055-3", "CSP: Notices", serious ? Risk.LOW : Risk.INFORMATIONAL, Confidence.HIGH,
                param, text, info.toString());
    }

    private static void section(StringBuilder info, List<PolicyError> errors, Policy.Severity severity, String title) {
        List<PolicyError> of = errors.stream().filter(p -> p.severity() == severity).toList();
        if (!of.isEmpty()) {
            info.append(title).append('\n');
            of.forEach(p -> info.append(p.message()).append('\n'));
        }
    }

    private void wildcards(HttpExchange e, Sink sink, List<String> allowed, String param, String text) {
        if (allowed.isEmpty()) {
            return;
        }
        List<String> noFallback = allowed.stream().distinct().filter(NO_FALLBACK::contains).toList();
        List<String> others = new ArrayList<>(allowed);
        others.removeAll(NO_FALLBACK);
        if (!noFallback.isEmpty()) {
            medium(e, sink, "13", "Failure to Define Directive with No Fallback", param, text, "The directive(s): "
                    + String.join(", ", noFallback) + " is/are among the directives that do not fallback to default-src.");
        }
        if (!others.isEmpty()) {
            medium(e, sink, "4", "Wildcard Directive", param, text, "The following directives either allow wildcard"
                    + " sources (or ancestors), are not defined, or are overly broadly defined:\n"
                    + String.join(", ", others));
        }
    }

    private void inlineAndEval(HttpExchange e, Sink sink, Policy policy, String param, String text) {
        PolicyInOrigin p = new PolicyInOrigin(policy, INLINE_ORIGIN);
        if (p.allowsUnsafeInlineScript()) {
            medium(e, sink, "5", "script-src unsafe-inline", param, text, "script-src includes unsafe-inline.");
        }
        if (p.allowsUnsafeInlineStyle()) {
            medium(e, sink, "6", "style-src unsafe-inline", param, text, "style-src includes unsafe-inline.");
        }
        if (unsafeHashes(policy, FetchDirectiveKind.ScriptSrc)) {
            medium(e, sink, "7", "script-src unsafe-hashes", param, text, "script-src includes unsafe-hashes.");
        }
        if (unsafeHashes(policy, FetchDirectiveKind.StyleSrc)) {
            medium(e, sink, "8", "style-src unsafe-hashes", param, text, "style-src includes unsafe-hashes.");
        }
        if (unsafeEval(policy, FetchDirectiveKind.ScriptSrc)) {
            medium(e, sink, "10", "script-src unsafe-eval", param, text, "script-src includes unsafe-eval.");
        }
    }

    private void medium(HttpExchange e, Sink sink, String ref, String name, String param, String text, String info) {
        sink.raise(e, id(), "10055-" + ref, "CSP: " + name, Risk.MEDIUM, Confidence.HIGH, param, text, info);
    }

    private static boolean unsafeHashes(Policy policy, FetchDirectiveKind kind) {
        return policy.getFetchDirective(kind).map(SourceExpressionDirective::unsafeHashes).orElse(false);
    }

    private static boolean unsafeEval(Policy policy, FetchDirectiveKind kind) {
        return policy.getFetchDirective(kind).map(SourceExpressionDirective::unsafeEval).orElse(false);
    }

    /** The directives that would let in a random host over http or https, in ZAP's order. */
    private static List<String> wildcardSources(String text) {
        List<String> allowed = new ArrayList<>();
        Policy pol = Policy.parseSerializedCSP(text, Policy.PolicyErrorConsumer.ignored);
        if (either(u -> pol.allowsExternalScript(Optional.empty(), Optional.empty(), u, Optional.empty(),
                Optional.empty()))) {
            allowed.add("script-src");
        }
        if (either(u -> pol.allowsExternalStyle(Optional.empty(), u, Optional.empty()))) {
            allowed.add("style-src");
        }
        add(allowed, "img-src", pol::allowsImage);
        add(allowed, "connect-src", pol::allowsConnection);
        add(allowed, "frame-src", pol::allowsFrame);
        add(allowed, "frame-ancestors", pol::allowsFrameAncestor);
        add(allowed, "font-src", pol::allowsFont);
        add(allowed, "media-src", pol::allowsMedia);
        add(allowed, "object-src", pol::allowsObject);
        add(allowed, "manifest-src", pol::allowsApplicationManifest);
        add(allowed, "worker-src", pol::allowsWorker);
        if (either(u -> pol.allowsFormAction(u, Optional.of(false), Optional.empty(), Optional.empty()))) {
            allowed.add("form-action");
        }
        return allowed;
    }

    private static void add(List<String> allowed, String directive,
                            BiPredicate<Optional<URLWithScheme>, Optional<URLWithScheme>> check) {
        if (check.test(HTTP_URI, Optional.empty()) || check.test(HTTPS_URI, Optional.empty())) {
            allowed.add(directive);
        }
    }

    private static boolean either(java.util.function.Predicate<Optional<URLWithScheme>> check) {
        return check.test(HTTP_URI) || check.test(HTTPS_URI);
    }
}
