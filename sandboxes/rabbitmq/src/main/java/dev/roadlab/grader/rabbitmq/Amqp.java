package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Method;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/** What the AMQP client's errors say, in the broker's words. */
final class Amqp {

    private Amqp() {
    }

    /** "NOT_FOUND - no exchange 'jobs' in vhost 'rl_run_...'": the broker's reply text of a closed channel. */
    static String replyText(ShutdownSignalException e) {
        Method reason = e.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyText();
        }
        return String.valueOf(e.getMessage());
    }
}
