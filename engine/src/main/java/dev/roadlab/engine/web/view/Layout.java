package dev.roadlab.engine.web.view;

import dev.roadlab.engine.links.Urls;
import java.util.List;

/**
 * What every page's frame needs.
 *
 * @param title        the page title (the course title is appended)
 * @param description  meta description
 * @param courseTitle  shown in the header
 * @param urls         links under the mount path
 * @param cssUrl       the stylesheet, with its content hash
 * @param scriptUrls   the scripts, in the order they run, with their content hashes
 * @param iconUrl      the favicon
 * @param refreshSeconds  above 0: without JavaScript the page reloads itself this often (a grading in progress)
 */
public record Layout(String title, String description, String courseTitle, Urls urls, String cssUrl,
                     List<String> scriptUrls, String iconUrl, int refreshSeconds) {

    public Layout {
        scriptUrls = List.copyOf(scriptUrls);
    }

    public Layout(String title, String description, String courseTitle, Urls urls, String cssUrl,
                  List<String> scriptUrls, String iconUrl) {
        this(title, description, courseTitle, urls, cssUrl, scriptUrls, iconUrl, 0);
    }

    /** The same frame, reloading itself every {@code seconds} when scripts do not run. */
    public Layout refreshingEvery(int seconds) {
        return new Layout(title, description, courseTitle, urls, cssUrl, scriptUrls, iconUrl, seconds);
    }
}
