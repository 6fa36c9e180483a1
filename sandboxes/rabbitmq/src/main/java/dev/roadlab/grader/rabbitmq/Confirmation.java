package dev.roadlab.grader.rabbitmq;

/**
 * What the broker answered for one published message (publisher confirms, mandatory flag).
 *
 * @param jobId   the message's id
 * @param status  acked, nacked or returned
 * @param detail  the broker's reply text for a returned message ("NO_ROUTE"), else ""
 */
public record Confirmation(String jobId, Status status, String detail) {

    public enum Status {
        /** The broker took responsibility for it: it is in every queue it was routed to. */
        ACKED,
        /** The broker refused it (a full queue with overflow reject-publish, say): the publisher still has it. */
        NACKED,
        /** No queue took it: the broker returned it to the publisher (it was published mandatory). */
        RETURNED
    }

    public boolean acked() {
        return status == Status.ACKED;
    }
}
