package dev.roadlab.engine.progress;

/** @param labId a lab of the module; @param state where the learner is with it */
public record LabProgress(String labId, LabState state) {
}
