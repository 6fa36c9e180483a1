package dev.roadlab.engine.progress;

import java.util.List;
import java.util.Optional;

/** A learner's progress along the whole path: each module's, in path order, and their sum. */
public record PathProgress(List<ModuleProgress> modules) {

    public PathProgress {
        modules = List.copyOf(modules);
    }

    public int done() {
        return modules.stream().mapToInt(ModuleProgress::done).sum();
    }

    public int total() {
        return modules.stream().mapToInt(ModuleProgress::total).sum();
    }

    /** Whole percent, rounded down so that 100 means everything. */
    public int percent() {
        return total() == 0 ? 0 : done() * 100 / total();
    }

    public Optional<ModuleProgress> module(String moduleId) {
        return modules.stream().filter(m -> m.moduleId().equals(moduleId)).findFirst();
    }
}
