package dev.roadlab.grader.submission;

/**
 * A file a submission must contain.
 *
 * @param name         the exact file name, without folders
 * @param maxBytes     the largest accepted size
 * @param description  what the file is for, shown next to the upload field
 */
public record FileRule(String name, long maxBytes, String description) {
}
