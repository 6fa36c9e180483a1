package dev.roadlab.grader.nginx;

import java.net.URI;

/** One run's nginx, serving its site until closed. */
public interface NginxInstance extends AutoCloseable {

    /** Where the site answers, e.g. http://127.0.0.1:49153. */
    URI baseUri();

    /** nginx's error log so far (capped), for messages. */
    String errorLog();

    @Override
    void close();
}
