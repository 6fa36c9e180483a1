package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Method;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/** What the AMQP client's errors say, in the broker's words. */
final class Amqp {

    private Amqp() {
    }

    /**
     * "NOT_FOUND - no exchange 'jobs'": the broker's reply text of a closed channel, without the run's vhost name
     * (which says nothing to a learner).
     */
    static String replyText(ShutdownSignalException e) {
        Method reason = e.getReason();
        String text = reason instanceof AMQP.Channel.Close close ? close.getReplyText()
                : reason instanceof AMQP.Connection.Close close ? close.getReplyText() : String.valueOf(e.getMessage());
        return text.replaceAll(" in vhost '" + RabbitMqSandbox.RUN_NAME.pattern() + "'", "");
    }
}
