package dev.roadlab.grader.nginx;

/**
 * What a lab needs from nginx: its harness (files of the lab folder served next to the learner's files, typically a
 * main nginx.conf that includes the learner's server block) and which file is the main configuration.
 *
 * @param harness     folder of the lab holding the harness files ("harness")
 * @param mainConfig  the main configuration, relative to the harness folder ("nginx.conf")
 */
public record NginxSpec(String harness, String mainConfig) {
}
