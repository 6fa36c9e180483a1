package dev.roadlab.grader.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message a check publishes: its id (the AMQP message-id, by which deliveries are matched to it), body and headers.
 *
 * @param id       the message-id, unique within a check
 * @param body     what it carries
 * @param headers  AMQP headers (String, Long, Boolean, ... values)
 */
public record Job(String id, byte[] body, Map<String, Object> headers) {

    public Job {
        body = body.clone();
        headers = Map.copyOf(headers);
    }

    /** A job whose body is its id. */
    public static Job of(String id) {
        return new Job(id, id.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
