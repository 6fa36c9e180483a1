package dev.roadlab.grader.sandbox;

/** What every kind does with the admin URLs administrators give: keep their passwords out of messages and logs. */
public final class AdminUrls {

    private AdminUrls() {
    }

    /** The URL with any password replaced, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
