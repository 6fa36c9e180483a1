package dev.roadlab.engine.web;

import dev.roadlab.engine.links.Urls;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Roadlab's own static files (CSS, JS, icons), read into memory once and served from {@code /assets/}, with a
 * content hash in their URLs so browsers may cache them for good. Nothing comes from a CDN.
 *
 * <p>Code highlighting is highlight.js 11.12.0 (BSD-3-Clause, licence in {@code highlight.js-LICENSE.txt} beside it),
 * vendored byte for byte from the npm package {@code @highlightjs/cdn-assets}: {@code highlight.min.js} (the common
 * languages, which include sql, yaml, json, lua, bash, java and plaintext) plus its {@code nginx} and {@code http}
 * grammars. It colours code in the browser with classes only, so the CSP needs no {@code 'unsafe-inline'}.
 *
 * <p>The lab page's editor is CodeMirror 6 ({@code editor.min.js}, MIT, licences in {@code codemirror-LICENSE.txt}),
 * built from {@code engine/src/main/editor} and loaded on lab pages only. Each editor lives in a shadow root, where
 * CodeMirror's generated styles go into constructed style sheets, which a {@code style-src 'self'} policy allows.
 */
final class Assets {

    private static final String ROOT = "roadlab/assets/";
    static final List<String> NAMES = List.of("app.css", "app.js", "favicon.svg", "highlight.min.js",
            "highlight-nginx.min.js", "highlight-http.min.js", "editor.min.js");
    /** The scripts every page loads, in order: highlight.js and its extra grammars before the app uses them. */
    static final List<String> SCRIPTS = List.of("highlight.min.js", "highlight-nginx.min.js", "highlight-http.min.js",
            "app.js");

    /** Loaded only by pages with an editor, before app.js, which attaches it. */
    static final String EDITOR = "editor.min.js";

    private record Asset(byte[] bytes, String type, String hash) {
    }

    private final Map<String, Asset> assets = new TreeMap<>();

    Assets() {
        for (String name : NAMES) {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing asset " + ROOT + name);
                }
                byte[] bytes = in.readAllBytes();
                assets.put(name, new Asset(bytes, typeOf(name), sha256(bytes).substring(0, 12)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The asset's URL with its content hash, e.g. /assets/app.css?v=1a2b3c4d5e6f. */
    String url(Urls urls, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new IllegalArgumentException("no asset " + name);
        }
        return urls.asset(name) + "?v=" + asset.hash();
    }

    void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw new NotFoundResponse("No such file.");
        }
        ctx.contentType(asset.type());
        ctx.header("Cache-Control", asset.hash().equals(ctx.queryParam("v"))
                ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.result(asset.bytes());
    }

    static String typeOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
