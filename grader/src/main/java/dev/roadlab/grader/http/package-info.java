/**
 * HTTP assertions for labs whose submissions answer HTTP requests (an nginx config, an API): a parsed view of
 * responses, assertions that read aloud, a passive-scan report keyed by OWASP ZAP's rule ids and an MDN HTTP
 * Observatory-style grade.
 *
 * <ul>
 *   <li>{@link dev.roadlab.grader.http.HttpExchange}: a request and its response, from {@code java.net.http} or
 *       written by hand, with {@link dev.roadlab.grader.http.Headers} (case-insensitive, multi-valued, ordered),
 *       {@link dev.roadlab.grader.http.SetCookie} (RFC 6265bis), {@link dev.roadlab.grader.http.ContentSecurityPolicy}
 *       (CSP Level 3), {@link dev.roadlab.grader.http.StrictTransportSecurity},
 *       {@link dev.roadlab.grader.http.ReferrerPolicy}, {@link dev.roadlab.grader.http.PermissionsPolicy}
 *       (RFC 9651 structured fields), {@link dev.roadlab.grader.http.CacheControl} and
 *       {@link dev.roadlab.grader.http.Cors}.</li>
 *   <li>{@link dev.roadlab.grader.http.HttpAssert}: assertions failing with a
 *       {@link dev.roadlab.grader.check.CheckFailure} that names the request and what its headers said.</li>
 *   <li>{@link dev.roadlab.grader.http.PassiveScan}: ZAP's passive rules 10010, 10011, 10015, 10020, 10021,
 *       10035, 10036, 10037, 10038, 10054, 10055, 10063, 10098, 10202 and 90004.</li>
 *   <li>{@link dev.roadlab.grader.http.Observatory}: the Observatory's tests, modifiers and grades, with the
 *       tests a set of responses cannot judge listed in the report.</li>
 * </ul>
 *
 * <p>An example check, for a lab whose learner puts nginx in front of an application:
 *
 * <pre>{@code
 * @Check(order = 3, title = "Every response, error pages included, carries a strict Content-Security-Policy",
 *        points = 2, hint = "Which nginx directive adds a header to 404 and 500 answers too?")
 * void every_response_carries_a_strict_csp(LabNginx nginx) throws Exception {
 *     for (String path : List.of("/", "/missing", "/api/orders")) {
 *         HttpExchange response = HttpExchange.of(nginx.get(path));
 *         HttpAssert.that(response)                 // messages start "GET /missing (404) ..."
 *                 .hasNosniff()
 *                 .csp()
 *                 .isEnforced()
 *                 .hasDefaultSrcNoneOrSelf()
 *                 .restrictsBaseUri()
 *                 .restrictsFrameAncestors()
 *                 .scriptSources().allowsNoInlineScript().allowsNoEval().excludes("*", "data:", "http:");
 *     }
 * }
 *
 * @Check(order = 9, title = "A ZAP baseline scan finds nothing of medium risk, and the Observatory grades A",
 *        hint = "Read the alert: each names the header and the response.")
 * void passes_a_baseline_scan(LabNginx nginx) throws Exception {
 *     List<HttpExchange> responses = fetchAll(nginx);
 *     List<Alert> serious = PassiveScan.of(responses).atLeast(Alert.Risk.MEDIUM);
 *     if (!serious.isEmpty()) {
 *         throw new CheckFailure("A ZAP baseline scan would raise:\n" + String.join("\n",
 *                 serious.stream().map(Alert::describe).toList()));
 *     }
 *     ObservatoryReport grade = Observatory.score(responses);
 *     if (!grade.isAtLeast("A")) {
 *         throw new CheckFailure("The Observatory would grade it " + grade.grade() + ": " + grade.worst().describe());
 *     }
 * }
 * }</pre>
 */
package dev.roadlab.grader.http;
