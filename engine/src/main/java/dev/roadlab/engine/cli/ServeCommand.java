package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.ops.LogFormat;
import dev.roadlab.engine.web.RoadlabServer;
import io.javalin.Javalin;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code roadlab serve}: the web server with its grading workers ({@code --workers 0}: none, {@code roadlab worker}
 * processes grade), and /healthz, /readyz and /metrics at the root, until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server (default http://127.0.0.1:7070).")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        LogFormat.check(System.getenv());
        RoadlabConfig config = options.load();
        Roadlab roadlab = Roadlab.start(config);
        Javalin app = RoadlabServer.create(roadlab);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            roadlab.close();
            stopped.countDown();
        }, "roadlab-shutdown"));
        app.start();
        String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        System.out.println("Roadlab is serving " + roadlab.course().title() + " at http://" + host + ":" + app.port()
                + roadlab.urls().home() + " (data: " + config.data().dir() + "; "
                + (roadlab.modes().hosted() ? "hosted: sign-in required" : "single-user: no sign-in") + "; "
                + (config.grading().workers() > 0 ? "grading with " + config.grading().workers() + " workers"
                : "no grading here: roadlab worker processes grade") + ")");
        stopped.await();
        return 0;
    }
}
