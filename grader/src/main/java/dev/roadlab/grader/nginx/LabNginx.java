package dev.roadlab.grader.nginx;

import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a check sees of this run's nginx: the lab's harness and the learner's files served by nginx of its own,
 * started once per run, and an HTTP client pointed at it.
 */
public final class LabNginx implements AutoCloseable {

    private final NginxLauncher launcher;
    private final NginxSpec spec;
    private final LabFiles lab;
    private final Submission submission;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private NginxInstance instance;
    private SubmissionError refused;

    public LabNginx(NginxLauncher launcher, NginxSpec spec, LabFiles lab, Submission submission) {
        this.launcher = launcher;
        this.spec = spec;
        this.lab = lab;
        this.submission = submission;
    }

    /**
     * Starts nginx with the harness and the submitted files, once per run; a configuration nginx refuses ends with
     * a {@link SubmissionError} quoting nginx.
     *
     * @return where the site answers
     */
    public synchronized URI start() {
        if (refused != null) {
            throw new SubmissionError("Not graded: nginx refused the configuration (see the first failing check).", true);
        }
        if (instance == null) {
            Map<String, byte[]> files = new TreeMap<>(lab.folderFiles(spec.harness()));
            submission.files().forEach((name, bytes) -> files.put(name, bytes));
            try {
                instance = launcher.start(NginxSite.of(files, spec.mainConfig()));
            } catch (NginxConfigException e) {
                refused = new SubmissionError("nginx refused the configuration: " + e.getMessage());
                throw refused;
            }
        }
        return instance.baseUri();
    }

    /** GET {@code path} from the run's nginx (started if needed), with the given request headers. */
    public HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(start().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** nginx's error log so far, for messages. */
    public synchronized String errorLog() {
        return instance == null ? "" : instance.errorLog();
    }

    @Override
    public synchronized void close() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
