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
 * @param nav          who is signed in, for the header's account links
 * @param refreshSeconds  above 0: without JavaScript the page reloads itself this often (a grading in progress)
 * @param hostFrame    the host app's header and footer around Roadlab's pages; null: Roadlab's own
 */
public record Layout(String title, String description, String courseTitle, Urls urls, String cssUrl,
                     List<String> scriptUrls, String iconUrl, Nav nav, int refreshSeconds, HostFrame hostFrame) {

    /**
     * The host's frame, as trusted HTML the host wrote (the template does not escape it).
     *
     * @param header above Roadlab's own bar (course, search, account links)
     * @param footer instead of Roadlab's footer
     */
    public record HostFrame(String header, String footer) {

        public HostFrame {
            header = header == null ? "" : header;
            footer = footer == null ? "" : footer;
        }
    }

    /**
     * The header's account part.
     *
     * @param name        the signed-in person's name; null when nobody is signed in
     * @param instructor  whether to link the cohorts and gradebooks
     * @param admin       whether to link the admin pages
     * @param csrf        the token of the sign-out form
     * @param accounts    whether to offer sign-in at all (hosted mode, or accounts exist)
     * @param hostAccounts whether the host app owns accounts (its identity hook): the name is shown without links to
     *                    Roadlab's account page or a sign-out, which are the host's
     */
    public record Nav(String name, boolean instructor, boolean admin, String csrf, boolean accounts,
                      boolean hostAccounts) {

        public boolean signedIn() {
            return name != null;
        }
    }

    public Layout {
        scriptUrls = List.copyOf(scriptUrls);
    }

    /** The same frame, reloading itself every {@code seconds} when scripts do not run. */
    public Layout refreshingEvery(int seconds) {
        return new Layout(title, description, courseTitle, urls, cssUrl, scriptUrls, iconUrl, nav, seconds, hostFrame);
    }
}
