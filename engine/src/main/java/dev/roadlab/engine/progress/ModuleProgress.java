package dev.roadlab.engine.progress;

import java.util.List;

/**
 * A learner's progress through one module: reading it is one step, passing each of its labs one more.
 *
 * @param moduleId  the module
 * @param read      whether the learner marked it as read
 * @param labs      its labs (course.yaml order) with the learner's state
 */
public record ModuleProgress(String moduleId, boolean read, List<LabProgress> labs) {

    public ModuleProgress {
        labs = List.copyOf(labs);
    }

    public int done() {
        return (read ? 1 : 0) + (int) labs.stream().filter(l -> l.state() == LabState.PASSED).count();
    }

    public int total() {
        return 1 + labs.size();
    }

    public int labsPassed() {
        return done() - (read ? 1 : 0);
    }

    public ModuleState state() {
        if (done() == total()) {
            return ModuleState.COMPLETE;
        }
        return done() == 0 ? ModuleState.NOT_STARTED : ModuleState.STARTED;
    }
}
