package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Confidence;
import dev.roadlab.grader.http.Alert.Risk;
import dev.roadlab.grader.http.PassiveScan.Threshold;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ZAP 10035, from {@code pscanrules/StrictTransportSecurityScanRule.java}. Over https: 10035-1 "Header Not Set"
 * (except, unless LOW, a redirect to a relative URL or to https on the same host and port), 10035-3 multiple
 * headers, 10035-8 non-printable content, 10035-2 max-age=0, 10035-5 no max-age digits, 10035-7 a quote before
 * max; all Low. Over plain http only at LOW: 10035-4 "Header on Plain HTTP Response" (Informational). Any response:
 * 10035-6 for a Strict-Transport-Security meta tag.
 */
final class StrictTransportSecurityRule implements PassiveRule {

    private static final String PREFIX = "Strict-Transport-Security ";
    private static final Pattern BAD_MAX_AGE =
            Pattern.compile("\\bmax-age\\s*=\\s*'*\"*\\s*0\\s*\"*'*\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MAX_AGE =
            Pattern.compile("\\bmax-age\\s*=\\s*'*\"*\\s*\\s*\\d+\\s*\"*'*\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MALFORMED_MAX_AGE = Pattern.compile("['+|\"+]\\s*max", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern WELL_FORMED = Pattern.compile("\\p{Print}*", Pattern.CASE_INSENSITIVE);

    @Override
    public int id() {
        return 10035;
    }

    @Override
    public void scan(HttpExchange e, Threshold threshold, Sink sink) {
        List<String> sts = e.headers().all("Strict-Transport-Security");
        if (e.isSecure()) {
            if (sts.isEmpty()) {
                boolean report = true;
                if (threshold != Threshold.LOW && ZapSupport.isRedirection(e.status())) {
                    try {
                        URI redirect = new URI(e.headers().first("Location").orElseThrow());
                        if (!redirect.isAbsolute() || ("https".equalsIgnoreCase(redirect.getScheme())
                                && redirect.getHost().equals(e.uri().getHost())
                                && redirect.getPort() == e.uri().getPort())) {
                            report = false;
                        }
                    } catch (Exception unparsable) {
                        // ZAP reports the missing header when the Location cannot be read
                    }
                }
                if (report) {
                    raise(e, sink, 1, "Strict-Transport-Security Header Not Set", Risk.LOW, "");
                }
            } else if (sts.size() > 1) {
                raise(e, sink, 3, PREFIX + "Multiple Header Entries (Non-compliant with Spec)", Risk.LOW, "");
            } else {
                String value = sts.get(0);
                // ZAP's patterns backtrack quadratically on long runs of whitespace (two \s* side by side); every
                // \s there is a \s*, so one space stands for a run without changing what matches.
                String probe = WHITESPACE_RUN.matcher(value).replaceAll(" ");
                Matcher badAge = BAD_MAX_AGE.matcher(probe);
                if (!WELL_FORMED.matcher(value).matches()) {
                    raise(e, sink, 8, PREFIX + "Malformed Content (Non-compliant with Spec)", Risk.LOW,
                            "Strict-Transport-Security");
                } else if (badAge.find()) {
                    raise(e, sink, 2, PREFIX + "Disabled", Risk.LOW, badAge.group());
                } else if (!MAX_AGE.matcher(probe).find()) {
                    raise(e, sink, 5, PREFIX + "Missing Max-Age (Non-compliant with Spec)", Risk.LOW, value);
                } else if (MALFORMED_MAX_AGE.matcher(probe).find()) {
                    raise(e, sink, 7, PREFIX + "Max-Age Malformed (Non-compliant with Spec)", Risk.LOW, value);
                }
            }
        } else if (threshold == Threshold.LOW && !sts.isEmpty()) {
            raise(e, sink, 4, PREFIX + "Header on Plain HTTP Response", Risk.INFORMATIONAL, sts.get(0));
        }
        if (!e.html().httpEquiv("Strict-Transport-Security").isEmpty()) {
            raise(e, sink, 6, PREFIX + "Defined via META (Non-compliant with Spec)", Risk.LOW,
                    "Strict-Transport-Security");
        }
    }

    private void raise(HttpExchange e, Sink sink, int ref, String name, Risk risk, String evidence) {
        sink.raise(e, id(), id() + "-" + ref, name, risk, Confidence.HIGH, "", evidence, "");
    }
}
