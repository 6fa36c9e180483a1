package dev.roadlab.grader.http;

/**
 * The MDN HTTP Observatory's test results with their score modifiers, copied from mdn/mdn-http-observatory
 * ({@code src/types.js} for the names, {@code src/grader/charts.js} SCORE_TABLE for the modifiers).
 */
public enum Expectation {
    CSP_IMPLEMENTED_WITH_NO_UNSAFE_DEFAULT_SRC_NONE("csp-implemented-with-no-unsafe-default-src-none", 10),
    CSP_IMPLEMENTED_WITH_NO_UNSAFE("csp-implemented-with-no-unsafe", 5),
    CSP_IMPLEMENTED_WITH_UNSAFE_INLINE_IN_STYLE_SRC_ONLY("csp-implemented-with-unsafe-inline-in-style-src-only", 0),
    CSP_IMPLEMENTED_WITH_INSECURE_SCHEME_IN_PASSIVE_CONTENT_ONLY("csp-implemented-with-insecure-scheme-in-passive-content-only", -10),
    CSP_IMPLEMENTED_WITH_UNSAFE_EVAL("csp-implemented-with-unsafe-eval", -10),
    CSP_IMPLEMENTED_WITH_UNSAFE_INLINE("csp-implemented-with-unsafe-inline", -20),
    CSP_IMPLEMENTED_WITH_INSECURE_SCHEME("csp-implemented-with-insecure-scheme", -20),
    CSP_HEADER_INVALID("csp-header-invalid", -25),
    CSP_NOT_IMPLEMENTED("csp-not-implemented", -25),
    CSP_NOT_IMPLEMENTED_BUT_REPORTING_ENABLED("csp-not-implemented-but-reporting-enabled", -25),
    CSP_IMPLEMENTED_BUT_DUPLICATE_DIRECTIVES("csp-implemented-but-duplicate-directives", 0),
    COOKIES_SECURE_WITH_HTTPONLY_SESSIONS_AND_SAMESITE("cookies-secure-with-httponly-sessions-and-samesite", 5),
    COOKIES_SECURE_WITH_HTTPONLY_SESSIONS("cookies-secure-with-httponly-sessions", 0),
    COOKIES_NOT_FOUND("cookies-not-found", 0),
    COOKIES_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS("cookies-without-secure-flag-but-protected-by-hsts", -5),
    COOKIES_SESSION_WITHOUT_SECURE_FLAG_BUT_PROTECTED_BY_HSTS("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    COOKIES_WITHOUT_SECURE_FLAG("cookies-without-secure-flag", -20),
    COOKIES_SAMESITE_FLAG_INVALID("cookies-samesite-flag-invalid", -20),
    COOKIES_ANTICSRF_WITHOUT_SAMESITE_FLAG("cookies-anticsrf-without-samesite-flag", -20),
    COOKIES_SESSION_WITHOUT_HTTPONLY_FLAG("cookies-session-without-httponly-flag", -30),
    COOKIES_SESSION_WITHOUT_SECURE_FLAG("cookies-session-without-secure-flag", -40),
    CROSS_ORIGIN_RESOURCE_SHARING_NOT_IMPLEMENTED("cross-origin-resource-sharing-not-implemented", 0),
    CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_PUBLIC_ACCESS("cross-origin-resource-sharing-implemented-with-public-access", 0),
    CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_RESTRICTED_ACCESS("cross-origin-resource-sharing-implemented-with-restricted-access", 0),
    CROSS_ORIGIN_RESOURCE_SHARING_IMPLEMENTED_WITH_UNIVERSAL_ACCESS("cross-origin-resource-sharing-implemented-with-universal-access", -50),
    REDIRECTION_ALL_REDIRECTS_PRELOADED("redirection-all-redirects-preloaded", 0),
    REDIRECTION_TO_HTTPS("redirection-to-https", 0),
    REDIRECTION_NOT_NEEDED_NO_HTTP("redirection-not-needed-no-http", 0),
    REDIRECTION_OFF_HOST_FROM_HTTP("redirection-off-host-from-http", -5),
    REDIRECTION_NOT_TO_HTTPS_ON_INITIAL_REDIRECTION("redirection-not-to-https-on-initial-redirection", -10),
    REDIRECTION_NOT_TO_HTTPS("redirection-not-to-https", -20),
    REDIRECTION_MISSING("redirection-missing", -20),
    REDIRECTION_INVALID_CERT("redirection-invalid-cert", -20),
    REFERRER_POLICY_PRIVATE("referrer-policy-private", 5),
    REFERRER_POLICY_NOT_IMPLEMENTED("referrer-policy-not-implemented", 0),
    REFERRER_POLICY_UNSAFE("referrer-policy-unsafe", -5),
    REFERRER_POLICY_HEADER_INVALID("referrer-policy-header-invalid", -5),
    HSTS_PRELOADED("hsts-preloaded", 5),
    HSTS_IMPLEMENTED_MAX_AGE_AT_LEAST_SIX_MONTHS("hsts-implemented-max-age-at-least-six-months", 0),
    HSTS_IMPLEMENTED_MAX_AGE_LESS_THAN_SIX_MONTHS("hsts-implemented-max-age-less-than-six-months", -10),
    HSTS_NOT_IMPLEMENTED("hsts-not-implemented", -20),
    HSTS_HEADER_INVALID("hsts-header-invalid", -20),
    HSTS_NOT_IMPLEMENTED_NO_HTTPS("hsts-not-implemented-no-https", -20),
    HSTS_INVALID_CERT("hsts-invalid-cert", -20),
    SRI_IMPLEMENTED_AND_ALL_SCRIPTS_LOADED_SECURELY("sri-implemented-and-all-scripts-loaded-securely", 5),
    SRI_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_LOADED_SECURELY("sri-implemented-and-external-scripts-loaded-securely", 5),
    SRI_NOT_IMPLEMENTED_RESPONSE_NOT_HTML("sri-not-implemented-response-not-html", 0),
    SRI_NOT_IMPLEMENTED_BUT_NO_SCRIPTS_LOADED("sri-not-implemented-but-no-scripts-loaded", 0),
    SRI_NOT_IMPLEMENTED_BUT_ALL_SCRIPTS_LOADED_FROM_SECURE_ORIGIN("sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0),
    SRI_NOT_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_LOADED_SECURELY("sri-not-implemented-but-external-scripts-loaded-securely", -5),
    SRI_IMPLEMENTED_BUT_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY("sri-implemented-but-external-scripts-not-loaded-securely", -20),
    SRI_NOT_IMPLEMENTED_AND_EXTERNAL_SCRIPTS_NOT_LOADED_SECURELY("sri-not-implemented-and-external-scripts-not-loaded-securely", -50),
    X_CONTENT_TYPE_OPTIONS_NOSNIFF("x-content-type-options-nosniff", 0),
    X_CONTENT_TYPE_OPTIONS_NOT_IMPLEMENTED("x-content-type-options-not-implemented", -5),
    X_CONTENT_TYPE_OPTIONS_HEADER_INVALID("x-content-type-options-header-invalid", -5),
    X_FRAME_OPTIONS_IMPLEMENTED_VIA_CSP("x-frame-options-implemented-via-csp", 5),
    X_FRAME_OPTIONS_SAMEORIGIN_OR_DENY("x-frame-options-sameorigin-or-deny", 5),
    X_FRAME_OPTIONS_ALLOW_FROM_ORIGIN("x-frame-options-allow-from-origin", 0),
    X_FRAME_OPTIONS_NOT_IMPLEMENTED("x-frame-options-not-implemented", -20),
    X_FRAME_OPTIONS_HEADER_INVALID("x-frame-options-header-invalid", -20),
    CROSS_ORIGIN_RESOURCE_POLICY_HEADER_INVALID("corp-header-invalid", -5),
    CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_CROSS_ORIGIN("corp-implemented-with-cross-origin", 0),
    CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_SAME_ORIGIN("corp-implemented-with-same-origin", 10),
    CROSS_ORIGIN_RESOURCE_POLICY_IMPLEMENTED_WITH_SAME_SITE("corp-implemented-with-same-site", 10),
    CROSS_ORIGIN_RESOURCE_POLICY_NOT_IMPLEMENTED("corp-not-implemented", 0),
    COEP_IMPLEMENTED_WITH_REQUIRE_CORP("coep-implemented-with-require-corp", 10),
    COEP_IMPLEMENTED_WITH_CREDENTIALLESS("coep-implemented-with-credentialless", 10),
    COEP_IMPLEMENTED_WITH_UNSAFE_NONE("coep-implemented-with-unsafe-none", 0),
    COEP_NOT_IMPLEMENTED("coep-not-implemented", 0),
    COEP_HEADER_INVALID("coep-header-invalid", -5),
    COOP_IMPLEMENTED_WITH_SAME_ORIGIN("coop-implemented-with-same-origin", 10),
    COOP_IMPLEMENTED_WITH_SAME_ORIGIN_ALLOW_POPUPS("coop-implemented-with-same-origin-allow-popups", 10),
    COOP_IMPLEMENTED_WITH_NOOPENER_ALLOW_POPUPS("coop-implemented-with-noopener-allow-popups", 10),
    COOP_IMPLEMENTED_WITH_UNSAFE_NONE("coop-implemented-with-unsafe-none", 0),
    COOP_NOT_IMPLEMENTED("coop-not-implemented", 0),
    COOP_HEADER_INVALID("coop-header-invalid", -5),
    HTML_NOT_PARSEABLE("html-not-parseable", -20);

    private final String id;
    private final int modifier;

    Expectation(String id, int modifier) {
        this.id = id;
        this.modifier = modifier;
    }

    /** The Observatory's name for it, e.g. {@code csp-implemented-with-no-unsafe}. */
    public String id() {
        return id;
    }

    /** Points added to (or taken from) the base score of 100. */
    public int modifier() {
        return modifier;
    }
}
