package dev.roadlab.engine.web.view;

import dev.roadlab.engine.web.Urls;

/**
 * What every page's frame needs.
 *
 * @param title        the page title (the course title is appended)
 * @param description  meta description
 * @param courseTitle  shown in the header
 * @param urls         links under the mount path
 * @param cssUrl       the stylesheet, with its content hash
 * @param jsUrl        the script, with its content hash
 * @param iconUrl      the favicon
 */
public record Layout(String title, String description, String courseTitle, Urls urls, String cssUrl, String jsUrl,
                     String iconUrl) {
}
