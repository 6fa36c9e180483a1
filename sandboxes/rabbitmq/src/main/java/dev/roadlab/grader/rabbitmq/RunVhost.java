package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * One run's share of a broker: a vhost and a user of the same name whose permissions cover that vhost only, with
 * no management tags.
 *
 * @param server    where it lives
 * @param name      the vhost's and the user's name ({@code rl_run_<instance>_<n>})
 * @param password  the user's password
 * @param spec      the vhost's limits
 */
public record RunVhost(RabbitMqServer server, String name, String password, RabbitMqSpec spec) {

    public String vhost() {
        return name;
    }

    public String user() {
        return name;
    }

    /** A new connection as the run's user to the run's vhost. */
    Connection connect(String connectionName) throws IOException, TimeoutException {
        return server.connect(name, password, name, connectionName);
    }

    @Override
    public String toString() {
        return "RunVhost[" + name + " on " + server.description() + "]";
    }
}
