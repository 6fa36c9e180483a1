package dev.roadlab.engine;

import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Role;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser against a {@link TestServer}: it keeps the cookies it is given (a Max-Age=0 cookie is dropped) and sends
 * them back, and its state changes are same-origin form posts carrying the CSRF token of the page they come from, as
 * a real browser's would.
 */
public final class TestBrowser {

    /** The session cookie's name with the default (Secure) cookie settings. */
    public static final String SESSION_COOKIE = "__Host-roadlab-session";

    private final TestServer server;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public TestBrowser(TestServer server) {
        this.server = server;
    }

    /** A browser signed in as a new account (made directly through the service, with a session started for it). */
    public static TestBrowser signedIn(TestServer server, String login, Role role) {
        Account account = server.roadlab().accounts().create(login, login, "correct horse battery staple", role,
                Optional.empty());
        TestBrowser browser = new TestBrowser(server);
        browser.cookies.put(SESSION_COOKIE, server.roadlab().accounts().startSession(account.id()));
        return browser;
    }

    /** The account this browser is signed in as, if a live session cookie says so. */
    public Optional<Account> account() {
        return Optional.ofNullable(cookies.get(SESSION_COOKIE)).flatMap(server.roadlab().accounts()::session);
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return keep(server.get(path, withCookies(headers, false)));
    }

    /**
     * Posts a form from the page at {@code fromPage} (its {@code _csrf} field is read from there and sent along).
     */
    public HttpResponse<String> postForm(String fromPage, String action, Map<String, String> fields) {
        String token = hiddenField(get(fromPage).body(), "_csrf");
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token);
        return keep(server.postForm(action, all, withCookies(new String[0], true)));
    }

    /** A multipart post from the page at {@code fromPage} (with its {@code _csrf} field). */
    public HttpResponse<String> postMultipart(String fromPage, String action, List<TestServer.Part> parts) {
        String token = hiddenField(get(fromPage).body(), "_csrf");
        List<TestServer.Part> all = new ArrayList<>(parts);
        all.add(TestServer.Part.field("_csrf", token));
        return keep(server.postMultipart(action, all, withCookies(new String[0], true)));
    }

    /** The Cookie header value this browser sends. */
    public String cookieHeader() {
        return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private String[] withCookies(String[] headers, boolean stateChange) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (!cookies.isEmpty()) {
            all.add("Cookie");
            all.add(cookieHeader());
        }
        if (stateChange) {
            all.addAll(List.of("Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin"));
        }
        return all.toArray(String[]::new);
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            if (header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, pair.substring(eq + 1));
            }
        }
        return response;
    }

    /** The value of a hidden input in a page. */
    public static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in the page");
        }
        return m.group(1);
    }
}
