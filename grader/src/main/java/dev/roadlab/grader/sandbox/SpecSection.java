package dev.roadlab.grader.sandbox;

import dev.roadlab.grader.yaml.YamlFields;

/**
 * What a sandbox type reads its lab.yaml section from: the section's fields (line-aware, collecting problems) and
 * the lab's files, so that a seed or a harness it names can be checked to exist.
 *
 * @param fields  the section ({@code postgres: {...}}), empty when lab.yaml has none
 * @param files   the lab folder
 */
public record SpecSection(YamlFields fields, LabFiles files) {
}
