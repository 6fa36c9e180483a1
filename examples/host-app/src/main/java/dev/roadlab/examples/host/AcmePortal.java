package dev.roadlab.examples.host;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.HostUser;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.web.HostLayout;
import dev.roadlab.engine.web.RoadlabPlugin;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Acme Academy's portal: a Javalin app with its own pages, its own users, its own error page and headers, and its
 * own database, which mounts Roadlab at {@code /learn} with Acme's course and lab. Roadlab's tables live in a schema
 * of their own ({@code roadlab}) in Acme's database; Acme decides who is signed in and who is an instructor.
 *
 * <p>Acme's sign-in here is a demonstration (a cookie naming one of three users); a real portal has its own. What
 * matters is the identity hook: whatever the host knows about the request, Roadlab gets a {@link HostUser}.
 */
public final class AcmePortal implements AutoCloseable {

    /** Acme's people: its own ids, logins, names and roles (Ivan teaches). */
    static final Map<String, HostUser> PEOPLE = Map.of(
            "u-1001", new HostUser("u-1001", "alice", "Alice Acme", Role.LEARNER),
            "u-1002", new HostUser("u-1002", "bob", "Bob Acme", Role.LEARNER),
            "u-2001", new HostUser("u-2001", "ivan", "Ivan Instructor", Role.INSTRUCTOR));
    static final String USER_COOKIE = "acme-user";

    private final Javalin app;
    private final Roadlab roadlab;

    private AcmePortal(Javalin app, Roadlab roadlab) {
        this.app = app;
        this.roadlab = roadlab;
    }

    /**
     * Starts the portal on {@code port} (0: any free one) over Acme's pool, with the course and labs folders.
     *
     * @param grading Roadlab's sandbox and worker choices, e.g. {@code cfg -> cfg.grading.workers = 1}
     */
    public static AcmePortal start(int port, DataSource acmeDatabase, Path course, Path labs, Path data,
                                   java.util.function.Consumer<dev.roadlab.engine.config.RoadlabSettings> grading) {
        Roadlab roadlab = Roadlab.create(cfg -> {
            cfg.http.basePath = "/learn";
            cfg.database.dataSource(acmeDatabase);
            cfg.database.schema = "roadlab";
            cfg.course.folder(course);
            cfg.labs.folder(labs);
            cfg.data.dir(data);
            grading.accept(cfg);
        });
        try {
            Javalin app = Javalin.create(config -> {
                config.registerPlugin(new RoadlabPlugin(p -> {
                    p.roadlab = roadlab;
                    p.identity = AcmePortal::signedIn;
                    p.signInUrl = "/login";
                    p.layout = new AcmeLayout();
                }));
                // Acme's own upload limit for its own forms; Roadlab's uploads keep Roadlab's limits.
                config.jetty.multipartConfig.maxFileSize(64, io.javalin.config.SizeUnit.KB);
                var routes = config.routes;
                // Acme's own headers on Acme's pages; Roadlab sets its own (stricter) ones under /learn.
                routes.before(ctx -> {
                    if (!ctx.path().startsWith("/learn")) {
                        ctx.header("X-Acme-Portal", "1");
                        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' https:");
                    }
                });
                routes.get("/", ctx -> ctx.html("<!DOCTYPE html><title>Acme Academy</title><h1>Acme Academy</h1>"
                        + "<p><a href=\"/learn/\">Learn</a> · <a href=\"/login\">Sign in</a></p>"));
                routes.get("/login", ctx -> ctx.html("<!DOCTYPE html><title>Acme sign-in</title>"
                        + "<form method=\"post\" action=\"/login\"><select name=\"user\">"
                        + "<option value=\"u-1001\">Alice</option><option value=\"u-1002\">Bob</option>"
                        + "<option value=\"u-2001\">Ivan</option></select><button>Sign in</button></form>"));
                routes.post("/login", AcmePortal::logIn);
                // Acme's own handler using Roadlab's grader directly: a quick check without Roadlab's pages.
                routes.post("/precheck/{lab}", ctx -> {
                    if (signedIn(ctx).isEmpty()) {
                        ctx.status(401).result("Sign in to Acme first.");
                        return;
                    }
                    var lab = roadlab.labs().get(ctx.pathParam("lab"));
                    String file = lab.definition().files().getFirst().name();
                    var report = roadlab.grader().grade(lab.id(), dev.roadlab.grader.submission.Submission.ofText(
                            Map.of(file, ctx.body())));
                    ctx.result(report.verdict().wireName() + " " + report.score() + "/" + report.maxScore());
                });
                routes.post("/avatar", ctx -> ctx.result("received " + ctx.uploadedFiles().size()));
                routes.exception(jakarta.servlet.ServletException.class, (e, ctx) -> ctx.status(413)
                        .result("Acme takes files of 64 KB at most."));
                routes.error(404, ctx -> {
                    if (!ctx.path().startsWith("/learn")) {
                        ctx.html("<!DOCTYPE html><title>Acme: not found</title><h1>Acme has no such page</h1>");
                    }
                });
            });
            app.start(port);
            return new AcmePortal(app, roadlab);
        } catch (RuntimeException e) {
            roadlab.close();
            throw e;
        }
    }

    /** Acme's demonstration sign-in: the chosen person's id in a cookie, then back to where they were going. */
    private static void logIn(Context ctx) {
        String user = ctx.formParam("user");
        if (user == null || !PEOPLE.containsKey(user)) {
            ctx.status(400).html("<!DOCTYPE html><title>Acme sign-in</title><p>Choose one of Acme's people.</p>");
            return;
        }
        ctx.res().addHeader("Set-Cookie", USER_COOKIE + "=" + user + "; Path=/; HttpOnly; SameSite=Lax");
        String next = ctx.queryParam("next");
        ctx.redirect(next != null && next.startsWith("/learn/") && !next.startsWith("//") ? next : "/", 
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** The identity hook: who Acme says this request is. */
    static Optional<HostUser> signedIn(Context ctx) {
        return Optional.ofNullable(ctx.cookie(USER_COOKIE)).map(PEOPLE::get);
    }

    public int port() {
        return app.port();
    }

    public Roadlab roadlab() {
        return roadlab;
    }

    @Override
    public void close() {
        app.stop();
        roadlab.close();
    }

    /** Acme's header and footer around Roadlab's pages (no inline script: Roadlab's CSP applies there). */
    static final class AcmeLayout implements HostLayout {
        @Override
        public String header(Context ctx) {
            String who = signedIn(ctx).map(HostUser::displayName).orElse("guest");
            return "<div class=\"acme-header\"><a href=\"/\">Acme Academy</a> · signed in as "
                    + escape(who) + "</div>";
        }

        @Override
        public String footer(Context ctx) {
            return "<div class=\"acme-footer\">Acme Academy · backend track</div>";
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Runs the portal: ACME_DB_URL (default the local PostgreSQL's acme database), port 8080, ./course and ./labs. */
    public static void main(String[] args) throws Exception {
        String url = Optional.ofNullable(System.getenv("ACME_DB_URL"))
                .orElse("jdbc:postgresql://127.0.0.1:5432/acme?user=postgres");
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(url);
        pool.setPoolName("acme");
        var dataSource = new com.zaxxer.hikari.HikariDataSource(pool);
        AcmePortal portal = start(8080, dataSource, Path.of("course"), Path.of("labs"),
                Files.createDirectories(Path.of("data")), cfg -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            portal.close();
            dataSource.close();
        }));
        System.out.println("Acme Academy on http://localhost:" + portal.port() + "/ (Roadlab at /learn/)");
        Thread.currentThread().join();
    }
}
