package dev.roadlab.engine.web.view;

/**
 * A lab as listed on the path and module pages.
 *
 * @param id        lab id
 * @param title     lab title
 * @param summary   lab summary
 * @param maxScore  points available
 */
public record LabCard(String id, String title, String summary, int maxScore) {
}
