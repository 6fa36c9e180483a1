package dev.roadlab.labs;

import dev.roadlab.grader.sandbox.LocalBinaries;
import dev.roadlab.grader.sandbox.LocalProcesses;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page as a real browser renders it: Debian's chromium, headless, started for one page ({@code --dump-dom}) in a
 * profile folder of its own, and what it shows: the rendered document's root attributes (where the page's own script
 * marks what worked) and the console's Content-Security-Policy messages.
 *
 * <p>The browser reaches the page's own origin only: every other request goes to a proxy that does not exist, so no
 * header of a learner's (a {@code Link} preload, a CSP {@code report-uri}, a {@code Refresh}) makes it fetch from
 * another address. Virtual time does not advance while requests are pending, so the page's fetches finish before
 * the document is read, however loaded the machine is.
 *
 * <p>The binary: the system property {@code roadlab.chromium}, else the environment variable
 * {@code ROADLAB_CHROMIUM}, else {@code /usr/bin/chromium}, else {@code chromium} on the PATH.
 */
final class HeadlessChromium {

    private static final String FOLDER_PREFIX = "roadlab-chromium";
    /** A wall-clock limit far above a render's need (under a second), so only a hung browser reaches it. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Pattern ROOT = Pattern.compile("<html\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"");
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE(?::\\d+|\\(\\d+\\))\\] \"(.*)\", source: ");

    static {
        LocalProcesses.sweep(FOLDER_PREFIX);
    }

    /**
     * What the browser showed of a page.
     *
     * @param rootAttributes the attributes of the rendered {@code <html>} element
     * @param console        the console's messages, in order
     */
    record Rendering(Map<String, String> rootAttributes, List<String> console) {

        Optional<String> root(String attribute) {
            return Optional.ofNullable(rootAttributes.get(attribute));
        }

        /** The console's messages about the Content-Security-Policy (what it blocked). */
        List<String> policyMessages() {
            return console.stream().filter(m -> m.contains("Content Security Policy")).toList();
        }
    }

    private HeadlessChromium() {
    }

    /** Browsers started before a page that renders no document is our fault (a loaded machine's empty dump). */
    private static final int RENDER_TRIES = 3;

    /**
     * Renders {@code page} and returns what it showed; a browser that cannot run is our fault, not the learner's.
     * An empty dump (chromium exits 0 with no document, seen on a loaded CI machine) is tried again, up to
     * {@value #RENDER_TRIES} browsers, before it is reported.
     */
    static Rendering render(URI page) {
        for (int attempt = 1; ; attempt++) {
            try {
                return renderOnce(page);
            } catch (EmptyDump e) {
                if (attempt == RENDER_TRIES) {
                    throw new SandboxUnavailableException(e.getMessage() + " (" + RENDER_TRIES + " browsers tried)");
                }
            }
        }
    }

    /** Chromium exited 0 without a document. */
    private static final class EmptyDump extends RuntimeException {
        EmptyDump(String message) {
            super(message, null, false, false);
        }
    }

    private static Rendering renderOnce(URI page) {
        Path binary = binary();
        Path profile = LocalProcesses.folder(FOLDER_PREFIX);
        String origin = page.getHost() + ":" + page.getPort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--disable-breakpad", "--disable-dev-shm-usage", "--no-pings", "--mute-audio",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;" + origin,
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--user-data-dir=" + profile));
        // The checks' own HTTP client reached the page's host at one address (IPv4 first, as Java resolves it); the
        // browser is sent to that same address. Left to itself chromium tries every address of "localhost", and on
        // a loaded machine its ::1 attempt to a container's published port failed for seconds at a time
        // (net::ERR_SOCKET_NOT_CONNECTED, three browsers in a row) while the checks reached the page at 127.0.0.1.
        addressOf(page.getHost()).ifPresent(ip -> command.add("--host-resolver-rules=MAP " + page.getHost() + " " + ip));
        command.add("--dump-dom");
        command.add(page.toString());
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(profile.toFile());
            builder.environment().put("HOME", profile.toString());
            process = builder.start();
        } catch (IOException e) {
            LocalProcesses.delete(profile);
            throw new SandboxUnavailableException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        LocalProcesses.started(profile, process);
        try {
            process.getOutputStream().close();
            CompletableFuture<String> dom = readAll(process.getInputStream());
            CompletableFuture<String> log = readAll(process.getErrorStream());
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SandboxUnavailableException("chromium did not render " + page.getPath() + " within "
                        + LIMIT.toSeconds() + " s");
            }
            String document = dom.get(5, TimeUnit.SECONDS);
            String stderr = log.get(5, TimeUnit.SECONDS);
            Matcher root = ROOT.matcher(document);
            if (process.exitValue() != 0 || !root.find()) {
                String why = "chromium rendered no document (exit " + process.exitValue() + "): " + tail(stderr);
                if (process.exitValue() == 0) {
                    throw new EmptyDump(why);
                }
                throw new SandboxUnavailableException(why);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(root.group(1));
            while (a.find()) {
                attributes.put(a.group(1).toLowerCase(java.util.Locale.ROOT), a.group(2));
            }
            List<String> console = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                Matcher m = CONSOLE.matcher(line);
                if (m.find()) {
                    console.add(m.group(1).replace("http://" + origin, ""));
                }
            }
            return new Rendering(attributes, console);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while chromium rendered " + page.getPath());
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new SandboxUnavailableException("cannot read chromium's output: " + e.getMessage(), e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalProcesses.delete(profile);
        }
    }

    /** Reads a stream to its end (at most 4 MB kept) on a thread of its own, so neither pipe fills up. */
    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                byte[] kept = in.readNBytes(4 * 1024 * 1024);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return new String(kept, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, runnable -> Thread.ofVirtual().name("chromium-output").start(runnable));
    }

    /** The address Java connects to for {@code host}, when it is a name (an address literal needs no mapping). */
    private static Optional<String> addressOf(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            String literal = address.getHostAddress();
            return Optional.of(address instanceof Inet6Address ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Path binary() {
        Optional<String> configured = Optional.ofNullable(System.getProperty("roadlab.chromium"))
                .or(() -> Optional.ofNullable(System.getenv("ROADLAB_CHROMIUM"))).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            if (!Files.isExecutable(path)) {
                throw new SandboxUnavailableException("no chromium at " + path + " (ROADLAB_CHROMIUM)");
            }
            return path;
        }
        Path debian = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        return LocalBinaries.onPath("chromium").orElseThrow(() -> new SandboxUnavailableException("the secure-headers"
                + " lab renders the page in Chromium, and there is none: install it (apt-get install chromium) or"
                + " set ROADLAB_CHROMIUM"));
    }

    private static String tail(String log) {
        String stripped = log.strip();
        return stripped.length() <= 1000 ? stripped : "..." + stripped.substring(stripped.length() - 1000);
    }
}
