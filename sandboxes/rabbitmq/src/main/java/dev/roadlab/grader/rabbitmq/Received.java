package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery a {@link ManualAckConsumer} got, with what the broker recorded on it.
 *
 * @param jobId        the message-id ("" when the publisher gave none)
 * @param body         what it carries
 * @param headers      its headers, as the client read them
 * @param redelivered  whether the broker delivered it before (to a consumer that did not ack it)
 * @param deliveryTag  the channel's tag for acking it
 */
public record Received(String jobId, byte[] body, Map<String, Object> headers, boolean redelivered, long deliveryTag) {

    public Received {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(headers));
    }

    static Received of(Delivery delivery) {
        String id = delivery.getProperties().getMessageId();
        return new Received(id == null ? "" : id, delivery.getBody(), delivery.getProperties().getHeaders(),
                delivery.getEnvelope().isRedeliver(), delivery.getEnvelope().getDeliveryTag());
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * How many times a quorum queue delivered it before without an ack ({@code x-delivery-count}); 0 on the first
     * delivery and from classic queues.
     */
    public long deliveryCount() {
        Object count = headers.get("x-delivery-count");
        return count instanceof Number n ? n.longValue() : 0;
    }

    /** The broker's record of each time it was dead-lettered ({@code x-death}), most recent first. */
    public List<Death> deaths() {
        List<Death> deaths = new ArrayList<>();
        if (headers.get("x-death") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> m) {
                    deaths.add(Death.of(m));
                }
            }
        }
        return deaths;
    }

    /** The x-death entry for {@code queue} and {@code reason}, if it was dead-lettered that way. */
    public Optional<Death> death(String queue, String reason) {
        return deaths().stream().filter(d -> d.queue().equals(queue) && d.reason().equals(reason)).findFirst();
    }

    /**
     * One x-death entry: the message left {@code queue} for {@code reason} {@code count} times.
     *
     * @param reason  rejected, expired, maxlen or delivery_limit
     */
    public record Death(String queue, String reason, long count, String exchange, List<String> routingKeys,
                        Optional<Date> time) {

        static Death of(Map<?, ?> entry) {
            List<String> keys = new ArrayList<>();
            if (entry.get("routing-keys") instanceof List<?> list) {
                list.forEach(k -> keys.add(text(k)));
            }
            return new Death(text(entry.get("queue")), text(entry.get("reason")),
                    entry.get("count") instanceof Number n ? n.longValue() : 0, text(entry.get("exchange")),
                    List.copyOf(keys), entry.get("time") instanceof Date d ? Optional.of(d) : Optional.empty());
        }

        private static String text(Object value) {
            return value instanceof LongString s ? s.toString() : value == null ? "" : value.toString();
        }

        @Override
        public String toString() {
            return "{queue " + queue + ", reason " + reason + ", count " + count + "}";
        }
    }
}
