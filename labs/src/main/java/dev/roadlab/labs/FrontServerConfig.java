package dev.roadlab.labs;

import dev.roadlab.grader.check.SubmissionError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secure-headers lab's submitted nginx files, read the way nginx reads them (words, quoted strings, blocks,
 * comments, each with its line) and held to what a front server of this lab does: listen on 8080, proxy to the
 * lab's application {@code http://app}, and shape the response headers. Anything else (files from disk, logs, other
 * upstreams, TLS, another main configuration, text bodies, includes of other files) is refused before nginx sees
 * it, with the file and the line: nginx would otherwise read /etc/passwd for an include, write a log wherever it is
 * told, or send the grader's requests to another host.
 *
 * <p>What nginx itself refuses (a directive in the wrong block, a bad value) is left to {@code nginx -t}, whose
 * message the learner gets as well.
 */
final class FrontServerConfig {

    static final String SITE = "site.conf";
    static final String SNIPPET = "security-headers.conf";

    /** Blocks nested deeper than this are refused: no front server needs them, and they cost the reader. */
    static final int MAX_DEPTH = 12;

    private enum Context { HTTP, SERVER, LOCATION, IF, LIMIT_EXCEPT }

    /** One directive as written: its name, its arguments (quotes removed), its line, and its block if it has one. */
    record Directive(String name, List<String> args, int line, List<Directive> block) {

        boolean isBlock() {
            return block != null;
        }
    }

    /** Directives of the headers, cookies and proxying a front server shapes, with their argument counts. */
    private static final Map<String, int[]> SIMPLE = Map.ofEntries(
            Map.entry("add_header", new int[] {2, 3}),
            Map.entry("add_trailer", new int[] {2, 3}),
            Map.entry("proxy_hide_header", new int[] {1, 1}),
            Map.entry("proxy_pass_header", new int[] {1, 1}),
            Map.entry("proxy_cookie_flags", new int[] {1, 8}),
            Map.entry("proxy_cookie_path", new int[] {1, 2}),
            Map.entry("proxy_cookie_domain", new int[] {1, 2}),
            Map.entry("proxy_set_header", new int[] {2, 2}),
            Map.entry("proxy_http_version", new int[] {1, 1}),
            Map.entry("proxy_redirect", new int[] {1, 2}),
            Map.entry("proxy_intercept_errors", new int[] {1, 1}),
            Map.entry("proxy_buffering", new int[] {1, 1}),
            Map.entry("proxy_ignore_headers", new int[] {1, 8}),
            Map.entry("proxy_connect_timeout", new int[] {1, 1}),
            Map.entry("proxy_read_timeout", new int[] {1, 1}),
            Map.entry("proxy_send_timeout", new int[] {1, 1}),
            Map.entry("server_tokens", new int[] {1, 1}),
            Map.entry("expires", new int[] {1, 2}),
            Map.entry("charset", new int[] {1, 1}),
            Map.entry("default_type", new int[] {1, 1}),
            Map.entry("client_max_body_size", new int[] {1, 1}),
            Map.entry("client_body_timeout", new int[] {1, 1}),
            Map.entry("client_header_timeout", new int[] {1, 1}),
            Map.entry("keepalive_timeout", new int[] {1, 2}),
            Map.entry("send_timeout", new int[] {1, 1}),
            Map.entry("gzip", new int[] {1, 1}),
            Map.entry("gzip_types", new int[] {1, 16}),
            Map.entry("gzip_vary", new int[] {1, 1}),
            Map.entry("gzip_proxied", new int[] {1, 9}),
            Map.entry("gzip_min_length", new int[] {1, 1}),
            Map.entry("gzip_comp_level", new int[] {1, 1}),
            Map.entry("etag", new int[] {1, 1}),
            Map.entry("if_modified_since", new int[] {1, 1}),
            Map.entry("error_page", new int[] {2, 16}),
            Map.entry("absolute_redirect", new int[] {1, 1}),
            Map.entry("port_in_redirect", new int[] {1, 1}),
            Map.entry("server_name_in_redirect", new int[] {1, 1}),
            Map.entry("set", new int[] {2, 2}),
            Map.entry("rewrite", new int[] {2, 3}),
            Map.entry("return", new int[] {1, 2}),
            Map.entry("break", new int[] {0, 0}),
            Map.entry("internal", new int[] {0, 0}),
            Map.entry("allow", new int[] {1, 1}),
            Map.entry("deny", new int[] {1, 1}));

    /** Directives refused with the reason that applies to them. */
    private static final Map<String, String> REFUSED;

    static {
        Map<String, String> refused = new java.util.HashMap<>();
        for (String d : List.of("root", "alias", "try_files", "index", "autoindex", "sendfile", "open_file_cache",
                "random_index", "mp4", "flv")) {
            refused.put(d, "serves files from disk; in this lab every response comes from the application"
                    + " (proxy_pass http://app)");
        }
        for (String d : List.of("error_log", "access_log", "log_format", "open_log_file_cache", "log_not_found",
                "log_subrequest")) {
            refused.put(d, "writes nginx's logs, which the grader keeps itself");
        }
        for (String d : List.of("fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass", "resolver",
                "mirror", "auth_request", "upstream", "proxy_bind", "proxy_ssl_server_name")) {
            refused.put(d, "sends requests elsewhere; the only upstream in this lab is the application, http://app");
        }
        for (String d : List.of("ssl_certificate", "ssl_certificate_key", "ssl_protocols", "ssl_ciphers",
                "ssl_session_cache", "ssl_session_timeout", "ssl_prefer_server_ciphers", "ssl_stapling",
                "ssl_dhparam", "http2", "quic", "http3", "ssl")) {
            refused.put(d, "configures TLS; this lab's server speaks plain http on port 8080 (TLS ends at the load"
                    + " balancer in front of it)");
        }
        for (String d : List.of("load_module", "user", "worker_processes", "pid", "daemon", "env", "events", "http",
                "stream", "mail", "master_process", "working_directory", "worker_rlimit_nofile", "lock_file",
                "types", "types_hash_max_size", "server_names_hash_bucket_size")) {
            refused.put(d, "belongs to nginx's main configuration, which is the lab's: site.conf holds the front"
                    + " server block");
        }
        for (String d : List.of("more_set_headers", "more_clear_headers", "more_set_input_headers",
                "more_clear_input_headers")) {
            refused.put(d, "comes from headers-more, a third-party module this nginx does not have: hide an"
                    + " application's header with proxy_hide_header, add your own with add_header");
        }
        for (String d : List.of("sub_filter", "sub_filter_once", "sub_filter_types", "addition_types", "add_before_body",
                "add_after_body", "ssi", "ssi_types", "echo")) {
            refused.put(d, "changes the body the application sent; this lab shapes headers only");
        }
        for (String d : List.of("proxy_cache", "proxy_cache_path", "proxy_store", "proxy_temp_path",
                "client_body_temp_path", "proxy_cache_key", "proxy_cache_valid")) {
            refused.put(d, "writes to disk, which this lab's server does not need");
        }
        REFUSED = Map.copyOf(refused);
    }

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> LISTEN_PARAMETERS = Set.of("default_server", "default");
    private static final Pattern UPSTREAM = Pattern.compile("http://app(?:[/$?][^\\s]*)?");
    private static final Pattern STATUS = Pattern.compile("[0-9]{3}");

    private FrontServerConfig() {
    }

    /**
     * Reads both files and refuses what this lab's front server may not do.
     *
     * @param site    site.conf's text
     * @param snippet security-headers.conf's text
     * @throws SubmissionError naming the file and the line
     */
    static void screen(String site, String snippet) {
        List<Directive> siteDirectives = parse(SITE, site);
        List<Directive> snippetDirectives = parse(SNIPPET, snippet);
        walk(SITE, siteDirectives, Context.HTTP, false);
        walk(SNIPPET, snippetDirectives, Context.LOCATION, true);
        int servers = 0;
        for (Directive d : siteDirectives) {
            if (d.name().equals("server") && d.isBlock()) {
                servers++;
            }
        }
        if (servers == 0) {
            throw new SubmissionError(SITE + " has no server block: it holds the front server, server { listen 8080;"
                    + " ... }, which nginx includes in its http block.");
        }
    }

    private static void walk(String file, List<Directive> directives, Context context, boolean inSnippet) {
        for (Directive d : directives) {
            check(file, d, context, inSnippet);
        }
    }

    private static void check(String file, Directive d, Context context, boolean inSnippet) {
        String name = d.name();
        if (!NAME.matcher(name).matches()) {
            throw refuse(file, d, "'" + printable(name) + "' is not an nginx directive name.");
        }
        if (REFUSED.containsKey(name)) {
            throw refuse(file, d, name + " " + REFUSED.get(name) + ".");
        }
        switch (name) {
            case "server" -> {
                requireBlock(file, d);
                if (context != Context.HTTP || inSnippet) {
                    throw refuse(file, d, "a server block belongs at the top of site.conf.");
                }
                if (!d.args().isEmpty()) {
                    throw refuse(file, d, "server takes no arguments.");
                }
                boolean listens = d.block().stream().anyMatch(c -> c.name().equals("listen"));
                if (!listens) {
                    throw refuse(file, d, "this server block has no listen directive, so nginx would listen on port"
                            + " 80; the lab's front server listens on port 8080 (listen 8080;).");
                }
                walk(file, d.block(), Context.SERVER, inSnippet);
            }
            case "location" -> {
                requireBlock(file, d);
                if (inSnippet || (context != Context.SERVER && context != Context.LOCATION)) {
                    throw refuse(file, d, "a location belongs in the server block of site.conf.");
                }
                if (d.args().isEmpty() || d.args().size() > 2) {
                    throw refuse(file, d, "location takes a path, or a modifier (=, ~, ~*, ^~) and a path.");
                }
                walk(file, d.block(), Context.LOCATION, false);
            }
            case "if" -> {
                requireBlock(file, d);
                if (inSnippet || (context != Context.SERVER && context != Context.LOCATION)) {
                    throw refuse(file, d, "if belongs in a server or location block of site.conf.");
                }
                walk(file, d.block(), Context.IF, false);
            }
            case "limit_except" -> {
                requireBlock(file, d);
                if (context != Context.LOCATION || inSnippet) {
                    throw refuse(file, d, "limit_except belongs in a location of site.conf.");
                }
                for (Directive c : d.block()) {
                    if (!c.name().equals("allow") && !c.name().equals("deny")) {
                        throw refuse(file, c, "limit_except holds allow and deny only.");
                    }
                    requireSimple(file, c, 1, 1);
                }
            }
            case "map" -> {
                requireBlock(file, d);
                if (context != Context.HTTP || inSnippet) {
                    throw refuse(file, d, "a map belongs at the top of site.conf, beside the server block.");
                }
                if (d.args().size() != 2) {
                    throw refuse(file, d, "map takes a source and a variable: map $uri $cache_control { ... }.");
                }
                for (Directive entry : d.block()) {
                    if (entry.isBlock() || entry.name().equals("include")) {
                        throw refuse(file, entry, "a map holds pairs of a value and a result.");
                    }
                }
            }
            case "listen" -> {
                requireSimple(file, d, 1, 3);
                if (context != Context.SERVER) {
                    throw refuse(file, d, "listen belongs in a server block.");
                }
                if (!d.args().get(0).equals("8080") || !LISTEN_PARAMETERS.containsAll(d.args().subList(1, d.args().size()))) {
                    throw refuse(file, d, "listen " + String.join(" ", d.args()) + ": the lab's front server listens"
                            + " on port 8080, plain http (listen 8080; or listen 8080 default_server;).");
                }
            }
            case "server_name" -> {
                requireSimple(file, d, 1, 16);
                if (context != Context.SERVER) {
                    throw refuse(file, d, "server_name belongs in a server block.");
                }
            }
            case "include" -> {
                requireSimple(file, d, 1, 1);
                if (inSnippet) {
                    throw refuse(file, d, SNIPPET + " may not include anything: it is what site.conf includes.");
                }
                if (!d.args().get(0).equals(SNIPPET)) {
                    throw refuse(file, d, "include " + d.args().get(0) + ": site.conf may include " + SNIPPET
                            + " only (include " + SNIPPET + ";), the one other file you submit.");
                }
            }
            case "proxy_pass" -> {
                requireSimple(file, d, 1, 1);
                if (context != Context.LOCATION && context != Context.IF) {
                    throw refuse(file, d, "proxy_pass belongs in a location.");
                }
                if (!UPSTREAM.matcher(d.args().get(0)).matches()) {
                    throw refuse(file, d, "proxy_pass " + d.args().get(0) + ": the application is the upstream named"
                            + " app, so a location proxies to http://app (optionally with a path after it); this lab's"
                            + " server sends requests nowhere else.");
                }
            }
            case "return" -> {
                requireSimple(file, d, 1, 2);
                String code = d.args().get(0);
                boolean redirect = d.args().size() == 2 && STATUS.matcher(code).matches() && code.startsWith("3");
                if (!STATUS.matcher(code).matches() || (d.args().size() == 2 && !redirect)) {
                    throw refuse(file, d, "return " + String.join(" ", d.args()) + ": a return here answers with a"
                            + " status (return 403;) or redirects (return 301 /;); a body of your own would stand in"
                            + " for the application's.");
                }
            }
            case "add_header", "add_trailer" -> {
                requireSimple(file, d, 2, 3);
                if (d.args().size() == 3 && !d.args().get(2).equals("always")) {
                    throw refuse(file, d, name + " takes a name, a value and optionally always; '" + d.args().get(2)
                            + "' is a third word nginx does not take (quote a value with spaces).");
                }
            }
            default -> {
                int[] counts = SIMPLE.get(name);
                if (counts == null) {
                    throw refuse(file, d, name + " is not a directive this lab's front server takes. It takes listen,"
                            + " server_name, location, proxy_pass http://app, the proxy_ directives (proxy_hide_header,"
                            + " proxy_cookie_flags, proxy_set_header...), add_header, server_tokens, map, if, return,"
                            + " error_page, expires and a few more of that kind, and include " + SNIPPET + ".");
                }
                requireSimple(file, d, counts[0], counts[1]);
            }
        }
    }

    private static void requireBlock(String file, Directive d) {
        if (!d.isBlock()) {
            throw refuse(file, d, d.name() + " needs a block: " + d.name() + " ... { ... }.");
        }
    }

    private static void requireSimple(String file, Directive d, int min, int max) {
        if (d.isBlock()) {
            throw refuse(file, d, d.name() + " takes no block; it ends with a semicolon.");
        }
        if (d.args().size() < min || d.args().size() > max) {
            throw refuse(file, d, d.name() + " takes " + (min == max ? min : min + " to " + max) + " argument"
                    + (max == 1 ? "" : "s") + ", not " + d.args().size() + ".");
        }
    }

    private static SubmissionError refuse(String file, Directive d, String why) {
        return new SubmissionError(file + ", line " + d.line() + ": " + why);
    }

    /** Reads a file into directives, as nginx's own reader splits it. */
    static List<Directive> parse(String file, String text) {
        return new Reader(file, text).read();
    }

    /** nginx's configuration syntax (ngx_conf_file.c): words, "quoted" and 'quoted' strings, # comments, ; { }. */
    private static final class Reader {

        private final String file;
        private final String text;
        private int pos;
        private int line = 1;

        Reader(String file, String text) {
            this.file = file;
            this.text = text;
        }

        List<Directive> read() {
            List<Directive> top = block(0, 0);
            return top;
        }

        /** The directives up to the closing brace (depth above 0) or the end of the file (depth 0). */
        private List<Directive> block(int depth, int openedAt) {
            if (depth > MAX_DEPTH) {
                throw error(line, "blocks nested more than " + MAX_DEPTH + " levels deep.");
            }
            List<Directive> directives = new ArrayList<>();
            List<String> words = new ArrayList<>();
            int startLine = -1;
            while (true) {
                Token token = next();
                switch (token.kind()) {
                    case END -> {
                        if (!words.isEmpty()) {
                            throw error(startLine, "'" + words.get(0) + "' does not end with a semicolon before the"
                                    + " end of the file.");
                        }
                        if (depth > 0) {
                            throw error(openedAt, "this block is never closed: a } is missing.");
                        }
                        return directives;
                    }
                    case WORD -> {
                        if (words.isEmpty()) {
                            startLine = token.line();
                        }
                        words.add(token.text());
                    }
                    case SEMICOLON -> {
                        if (words.isEmpty()) {
                            throw error(token.line(), "a semicolon with no directive before it.");
                        }
                        directives.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())),
                                startLine, null));
                        words.clear();
                    }
                    case OPEN -> {
                        if (words.isEmpty()) {
                            throw error(token.line(), "a { with no directive before it.");
                        }
                        List<Directive> inner = block(depth + 1, startLine);
                        directives.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())),
                                startLine, List.copyOf(inner)));
                        words.clear();
                    }
                    case CLOSE -> {
                        if (!words.isEmpty()) {
                            throw error(startLine, "'" + words.get(0) + "' does not end with a semicolon before the }.");
                        }
                        if (depth == 0) {
                            throw error(token.line(), "a } that closes no block.");
                        }
                        return directives;
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }

        private enum Kind { WORD, SEMICOLON, OPEN, CLOSE, END }

        private record Token(Kind kind, String text, int line) {
        }

        private Token next() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (pos >= text.length()) {
                return new Token(Kind.END, "", line);
            }
            char c = text.charAt(pos);
            int at = line;
            switch (c) {
                case ';' -> {
                    pos++;
                    return new Token(Kind.SEMICOLON, ";", at);
                }
                case '{' -> {
                    pos++;
                    return new Token(Kind.OPEN, "{", at);
                }
                case '}' -> {
                    pos++;
                    return new Token(Kind.CLOSE, "}", at);
                }
                case '"', '\'' -> {
                    return quoted(c, at);
                }
                default -> {
                    return word(at);
                }
            }
        }

        private Token quoted(char quote, int at) {
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw error(at, "a quoted string that never ends (a " + quote + " is missing).");
                }
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length()) {
                    char escaped = text.charAt(pos + 1);
                    if (escaped == '\n') {
                        line++;
                    }
                    value.append(escaped == quote || escaped == '\\' ? String.valueOf(escaped) : "\\" + escaped);
                    pos += 2;
                    continue;
                }
                pos++;
                if (c == quote) {
                    break;
                }
                if (c == '\n') {
                    line++;
                }
                value.append(c);
            }
            if (pos < text.length()) {
                char after = text.charAt(pos);
                if (!Character.isWhitespace(after) && after != ';' && after != '{' && after != '}') {
                    throw error(line, "unexpected '" + after + "' right after a quoted string; nginx wants a space,"
                            + " a ; or a { there.");
                }
            }
            return new Token(Kind.WORD, value.toString(), at);
        }

        private Token word(int at) {
            StringBuilder value = new StringBuilder();
            boolean variable = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length()) {
                    value.append(c).append(text.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '{' && variable) {
                    // ${name}: the braces belong to the variable, not to a block.
                    int close = text.indexOf('}', pos);
                    if (close < 0) {
                        throw error(at, "a ${ variable that is never closed.");
                    }
                    value.append(text, pos, close + 1);
                    pos = close + 1;
                    variable = false;
                    continue;
                }
                if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
                    break;
                }
                variable = c == '$';
                value.append(c);
                pos++;
            }
            return new Token(Kind.WORD, value.toString(), at);
        }

        private SubmissionError error(int at, String what) {
            return new SubmissionError(file + ", line " + at + ": " + what);
        }
    }

    /** A word as a message can show it: control characters replaced, at most 60 characters. */
    private static String printable(String word) {
        String shown = word.codePoints().map(c -> Character.isISOControl(c) ? '?' : c).limit(60)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return word.codePointCount(0, word.length()) > 60 ? shown + "..." : shown;
    }
}
