package dev.roadlab.grader.lab;

/** No lab has the requested id. */
public class UnknownLabException extends RuntimeException {

    private final String labId;

    public UnknownLabException(String labId) {
        super("no lab '" + labId + "'");
        this.labId = labId;
    }

    public String labId() {
        return labId;
    }
}
