package dev.roadlab.engine.web;

import dev.roadlab.engine.Roadlab;
import io.javalin.Javalin;

/** The standalone server: a Javalin app that is nothing but Roadlab, on the configured host and port. */
public final class RoadlabServer {

    private RoadlabServer() {
    }

    /** Builds the app without starting it (tests start it on a free port). */
    public static Javalin create(Roadlab roadlab) {
        return Javalin.create(config -> {
            config.jetty.host = roadlab.config().http().host();
            config.jetty.port = roadlab.config().http().port();
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.registerPlugin(new RoadlabPlugin(p -> p.roadlab = roadlab));
            config.registerPlugin(new OpsPlugin(p -> p.roadlab(roadlab))); // /healthz, /readyz, /metrics at the root
        });
    }
}
