package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.labs.FrontServerConfig.Directive;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The secure-headers lab's reader of nginx files: nginx's syntax with lines, and the directives the lab refuses. */
class FrontServerConfigTest {

    @Test
    void reads_words_quoted_strings_comments_variables_and_blocks_with_their_lines() {
        List<Directive> read = FrontServerConfig.parse("site.conf", """
                # a comment; with { braces }
                server {
                    listen 8080;   # trailing comment
                    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
                    add_header X-Quote 'it\\'s "fine"';
                    set $path ${uri}x;
                    location ~ ^/api/(.*)$ {
                        proxy_pass http://app;
                    }
                }
                """);
        assertThat(read).singleElement().satisfies(server -> {
            assertThat(server.name()).isEqualTo("server");
            assertThat(server.line()).isEqualTo(2);
            assertThat(server.block()).extracting(Directive::name)
                    .containsExactly("listen", "add_header", "add_header", "set", "location");
            assertThat(server.block().get(1).args()).containsExactly("Content-Security-Policy",
                    "default-src 'self'; frame-ancestors 'none'", "always");
            assertThat(server.block().get(2).args()).containsExactly("X-Quote", "it's \"fine\"");
            assertThat(server.block().get(3).args()).containsExactly("$path", "${uri}x");
            Directive location = server.block().get(4);
            assertThat(location.args()).containsExactly("~", "^/api/(.*)$");
            assertThat(location.line()).isEqualTo(7);
            assertThat(location.block()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(8));
        });
    }

    @Test
    void the_shipped_solution_passes_and_so_does_an_empty_snippet() {
        assertThatCode(() -> FrontServerConfig.screen("""
                server {
                    listen 8080 default_server;
                    server_name shop.example;
                    include security-headers.conf;
                    location / {
                        limit_except GET POST { deny all; }
                        if ($request_method = OPTIONS) { return 204; }
                        proxy_pass http://app/;
                    }
                    error_page 404 /404;
                    location = /old { return 301 /; }
                }
                """, "# nothing yet\n")).doesNotThrowAnyException();
    }

    @Test
    void each_refusal_names_the_file_and_the_line() {
        assertThatThrownBy(() -> FrontServerConfig.screen("server {\n    listen 8080;\n}\n",
                "add_header X-A b always;\n\nalias /etc/;\n"))
                .isInstanceOf(SubmissionError.class)
                .hasMessage("security-headers.conf, line 3: alias serves files from disk; in this lab every response"
                        + " comes from the application (proxy_pass http://app).");
        assertThatThrownBy(() -> FrontServerConfig.screen("server {\n    listen 8080;\n    location / {\n"
                + "        proxy_pass http://app@10.0.0.1/;\n    }\n}\n", ""))
                .hasMessageStartingWith("site.conf, line 4: proxy_pass http://app@10.0.0.1/:");
        assertThatThrownBy(() -> FrontServerConfig.screen("server {\n    listen 8080;\n    add_header X-A b sometimes;\n}\n", ""))
                .hasMessageStartingWith("site.conf, line 3: add_header takes a name, a value and optionally always");
        assertThatThrownBy(() -> FrontServerConfig.screen("server {\n    listen 8080;\n    location / {\n"
                + "        proxy_pass http://app;\n    }\n    server { listen 8080; }\n}\n", ""))
                .hasMessage("site.conf, line 6: a server block belongs at the top of site.conf.");
        assertThatThrownBy(() -> FrontServerConfig.screen("map $uri $x {\n    include /etc/passwd;\n}\n"
                + "server { listen 8080; }\n", ""))
                .hasMessage("site.conf, line 2: a map holds pairs of a value and a result.");
    }

    @Test
    void a_map_holds_values_that_are_not_directive_names() {
        assertThatCode(() -> FrontServerConfig.screen("""
                map $uri $cache {
                    ~^/api/  "no-store";
                    default  "";
                }
                server { listen 8080; add_header Cache-Control $cache always; }
                """, "")).doesNotThrowAnyException();
    }

    @Test
    void reading_a_file_of_many_directives_is_quick() {
        String many = "server {\n    listen 8080;\n" + "    add_header X-A b always;\n".repeat(600) + "}\n";
        long started = System.nanoTime();
        assertThatCode(() -> FrontServerConfig.screen(many, "")).doesNotThrowAnyException();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    }
}
