package dev.roadlab.grader.nginx;

/** Starts nginx for one run, in its own process or container on its own port. */
public interface NginxLauncher extends AutoCloseable {

    /**
     * Checks the site's configuration ({@code nginx -t}) and serves it.
     *
     * @throws NginxConfigException when nginx refuses the configuration (the learner's fault)
     * @throws SandboxUnavailableException when nginx cannot be started (ours)
     */
    NginxInstance start(NginxSite site);

    @Override
    void close();
}
