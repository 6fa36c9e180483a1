package dev.roadlab.engine.web.view;

/**
 * An error page: never a stack trace.
 *
 * @param layout   the frame
 * @param status   HTTP status
 * @param heading  short title
 * @param message  what happened and what to do
 */
public record ErrorView(Layout layout, int status, String heading, String message) {
}
