package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The browser is sent where the checks' own HTTP client goes. A container's published port listens on 127.0.0.1 and
 * ::1 through two different docker-proxy processes; chromium, left to itself, takes ::1 first for "localhost", and
 * on a loaded CI machine that path failed for seconds (net::ERR_SOCKET_NOT_CONNECTED) while the checks, on
 * 127.0.0.1, reached the page. Here the two addresses of one port serve two different pages, so the page the browser
 * rendered says which address it reached.
 */
class HeadlessChromiumTest {

    @Test
    void the_browser_reaches_the_address_java_resolves_for_the_pages_host() throws IOException {
        InetAddress javas = InetAddress.getByName("localhost");
        InetAddress other = javas instanceof Inet6Address ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName("::1");
        HttpServer expected = serve(new InetSocketAddress(javas, 0), "java");
        HttpServer decoy = serve(new InetSocketAddress(other, expected.getAddress().getPort()), "other");
        try {
            HeadlessChromium.Rendering rendering = HeadlessChromium.render(
                    URI.create("http://localhost:" + expected.getAddress().getPort() + "/"));

            assertThat(rendering.root("data-address")).contains("java");
        } finally {
            expected.stop(0);
            decoy.stop(0);
        }
    }

    private static HttpServer serve(InetSocketAddress address, String name) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        byte[] page = ("<!doctype html><html data-address=\"" + name + "\"><body>" + name + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return server;
    }
}
