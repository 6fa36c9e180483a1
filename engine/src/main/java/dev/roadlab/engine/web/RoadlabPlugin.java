package dev.roadlab.engine.web;

import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.Roadlab;
import io.javalin.config.JavalinState;
import io.javalin.plugin.Plugin;
import java.util.function.Consumer;

/**
 * Puts a {@link Roadlab} on HTTP inside any Javalin 7 app, under the base path of its configuration:
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new RoadlabPlugin(p -> p.roadlab = roadlab)));
 * }</pre>
 *
 * Every route, header and error page it adds stays under that path: the host app's own routes and error handling
 * are untouched.
 */
public final class RoadlabPlugin extends Plugin<RoadlabPlugin.Config> {

    /** What the plugin serves. */
    public static final class Config {
        /** The running Roadlab to serve; required. */
        public Roadlab roadlab;
        /**
         * Who the host says is signed in; null: Roadlab's own accounts, sessions and sign-in pages. Set, this mount
         * requires sign-in whatever the mode, and Roadlab's sign-in, sign-up, password and admin accounts pages are off.
         */
        public HostIdentity identity;
        /** With {@link #identity}: where a stranger is sent (303, with {@code ?next=<the path>}); null: a 401 page. */
        public String signInUrl;
        /** The host's header and footer around Roadlab's pages; null: Roadlab's own header and footer. */
        public HostLayout layout;
    }

    public RoadlabPlugin(Consumer<Config> userConfig) {
        super(userConfig, new Config());
    }

    @Override
    public String name() {
        return "roadlab";
    }

    /**
     * A GET route that answers HEAD the same way (status, headers, content type; Jetty sends no body for HEAD), so
     * a HEAD is 404 exactly where a GET is.
     */
    private static void getAndHead(io.javalin.config.RoutesConfig routes, String path,
                                   io.javalin.http.Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    @Override
    public void onInitialize(JavalinState state) {
        Roadlab roadlab = pluginConfig.roadlab;
        if (roadlab == null) {
            throw new IllegalStateException("RoadlabPlugin needs a Roadlab: new RoadlabPlugin(p -> p.roadlab = ...)");
        }
        String base = roadlab.config().http().basePath();
        Urls urls = roadlab.urls();
        Assets assets = new Assets();
        Transport transport = new Transport(roadlab.config().http().secureCookies(),
                roadlab.config().hosting().trustForwarded());
        Csrf csrf = new Csrf(transport);
        HostHooks host = new HostHooks(pluginConfig.identity, pluginConfig.signInUrl, pluginConfig.layout);
        Identity identity = new Identity(roadlab.learners(), roadlab.accounts(), roadlab.services().bearerTokens(),
                roadlab.modes(), transport, host.identity());
        Site site = new Site(urls, assets, csrf, identity, roadlab.modes(), transport, roadlab.course().title(),
                host);
        CoursePages course = new CoursePages(roadlab, site);
        LabPages labs = new LabPages(roadlab, site);
        SubmissionPages submissionPages = new SubmissionPages(roadlab, site);
        SubmissionApi api = new SubmissionApi(roadlab, site);
        SearchPages search = new SearchPages(roadlab, site);
        AccountPages accounts = new AccountPages(roadlab, site);


        var routes = state.routes;
        String prefix = base.isEmpty() ? "" : base;
        routes.before(prefix + "/*", ctx -> SecurityHeaders.apply(ctx, transport));
        if (!prefix.isEmpty()) {
            routes.before(prefix, ctx -> SecurityHeaders.apply(ctx, transport));
        }

        getAndHead(routes, prefix + "/", site.page(course::path));
        if (!prefix.isEmpty()) {
            routes.get(prefix, ctx -> ctx.redirect(prefix + "/"));
        }
        routes.error(404, ctx -> {
            if (ctx.path().startsWith(prefix + "/") && ctx.attribute(Site.RESPONDED) == null) {
                site.notFound(ctx);
            }
        });
        getAndHead(routes, prefix + "/modules/{id}", site.page(course::module));
        routes.post(prefix + "/modules/{id}/progress", site.page(course::markRead));
        getAndHead(routes, prefix + "/course/<path>", site.page(course::file));
        getAndHead(routes, prefix + "/search", site.page(search::search));
        getAndHead(routes, prefix + "/assets/{name}", site.openPage(assets::serve));
        getAndHead(routes, prefix + "/labs/{id}", site.page(labs::lab));
        routes.post(prefix + "/labs/{id}/submissions", site.page(labs::submit));
        getAndHead(routes, prefix + "/labs/{id}/starter.zip", site.page(labs::starterZip));
        getAndHead(routes, prefix + "/labs/{id}/starter/{name}", site.page(labs::starterFile));
        getAndHead(routes, prefix + "/submissions/{id}", site.page(submissionPages::page));
        routes.get(prefix + "/submissions/{id}/events", site.page(submissionPages::events)); // a stream: GET only

        if (!host.hostsIdentity()) { // the host owns sign-in, passwords and who is an admin: these answer 404
            registerAccountPages(routes, prefix, site, accounts);
        }

        CohortPages cohortPages = new CohortPages(roadlab, site);
        new ApiRoutes(roadlab, site, api, submissionPages, cohortPages).register(routes, prefix);

        TokenPages tokens = new TokenPages(roadlab, site);
        getAndHead(routes, prefix + "/account/tokens", site.page(tokens::list));
        routes.post(prefix + "/account/tokens", site.page(tokens::create));
        routes.post(prefix + "/account/tokens/{id}/revoke", site.page(tokens::revoke));

        getAndHead(routes, prefix + "/cohorts", site.page(cohortPages::list));
        routes.post(prefix + "/cohorts", site.page(cohortPages::create));
        getAndHead(routes, prefix + "/cohorts/{id}", site.page(cohortPages::cohort));
        routes.post(prefix + "/cohorts/{id}/invites", site.page(cohortPages::createInvite));
        routes.post(prefix + "/cohorts/{id}/invites/{invite}/revoke", site.page(cohortPages::revokeInvite));
        routes.post(prefix + "/cohorts/{id}/settings", site.page(cohortPages::settings));
        routes.post(prefix + "/cohorts/{id}/labs/{lab}/settings", site.page(cohortPages::labSettings));
        routes.post(prefix + "/cohorts/{id}/extensions", site.page(cohortPages::grantExtension));
        routes.post(prefix + "/cohorts/{id}/extensions/remove", site.page(cohortPages::removeExtension));
        routes.post(prefix + "/cohorts/{id}/instructors", site.page(cohortPages::addInstructor));
        getAndHead(routes, prefix + "/cohorts/{id}/gradebook", site.page(cohortPages::gradebook));
        getAndHead(routes, prefix + "/cohorts/{id}/gradebook.csv", site.page(cohortPages::gradebookCsv));
        getAndHead(routes, prefix + "/cohorts/{id}/labs/{lab}", site.page(cohortPages::lab));
        // Roadlab's invite page offers its own sign-up to strangers; a host's strangers sign in at the host first.
        getAndHead(routes, prefix + "/join/{token}", host.hostsIdentity() ? site.page(cohortPages::join)
                : site.openPage(cohortPages::join));
        routes.post(prefix + "/join/{token}", site.page(cohortPages::joinPost));
    }

    /** Roadlab's own sign-in, sign-up, sign-out, reset, password and admin accounts pages. */
    private static void registerAccountPages(io.javalin.config.RoutesConfig routes, String prefix, Site site,
                                             AccountPages accounts) {
        getAndHead(routes, prefix + "/sign-in", site.openPage(accounts::signInForm));
        routes.post(prefix + "/sign-in", site.openPage(accounts::signIn));
        getAndHead(routes, prefix + "/sign-up", site.openPage(accounts::signUpForm));
        routes.post(prefix + "/sign-up", site.openPage(accounts::signUp));
        routes.post(prefix + "/sign-out", site.openPage(accounts::signOut));
        getAndHead(routes, prefix + "/reset/{token}", site.openPage(accounts::resetForm));
        routes.post(prefix + "/reset/{token}", site.openPage(accounts::reset));
        getAndHead(routes, prefix + "/account", site.page(accounts::account));
        routes.post(prefix + "/account/password", site.page(accounts::changePassword));
        getAndHead(routes, prefix + "/admin/users", site.page(accounts::adminUsers));
        routes.post(prefix + "/admin/users", site.page(accounts::adminCreate));
        routes.post(prefix + "/admin/users/{id}/role", site.page(accounts::adminRole));
        routes.post(prefix + "/admin/users/{id}/reset", site.page(accounts::adminReset));
    }
}
