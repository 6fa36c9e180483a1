package dev.roadlab.grader.rabbitmq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What a run's vhost holds, as the management API reports it: queues (type, durability, arguments, the policy in
 * effect), exchanges, bindings and policies. Read it aloud in a check:
 *
 * <pre>{@code
 * Topology topology = broker.topology();
 * QueueFact emails = topology.queue("emails").orElseThrow(() -> new CheckFailure("There is no queue emails."));
 * if (!emails.isQuorum() || !emails.durable()) {
 *     throw new CheckFailure(emails.describe() + " does not survive a broker restart: ...");
 * }
 * OptionalLong bound = emails.number("max-length");      // x-max-length, or max-length of its policy
 * }</pre>
 */
public record Topology(List<QueueFact> queues, List<ExchangeFact> exchanges, List<BindingFact> bindings,
                       List<PolicyFact> policies) {

    public Topology {
        queues = List.copyOf(queues);
        exchanges = List.copyOf(exchanges);
        bindings = List.copyOf(bindings);
        policies = List.copyOf(policies);
    }

    /** Reads a vhost's topology through the management API (as the admin: the run's user has no access to it). */
    static Topology read(ManagementApi admin, String vhost) {
        String v = ManagementApi.segment(vhost);
        List<PolicyFact> policies = admin.list("/api/policies/" + v).stream().map(PolicyFact::of).toList();
        List<QueueFact> queues = admin.list("/api/queues/" + v + "?columns=name,type,durable,auto_delete,exclusive,"
                + "arguments").stream().map(q -> QueueFact.of(q, policies)).toList();
        List<ExchangeFact> exchanges = admin.list("/api/exchanges/" + v).stream()
                .filter(e -> !e.path("name").asString("").isEmpty()).map(ExchangeFact::of).toList();
        List<BindingFact> bindings = admin.list("/api/bindings/" + v).stream()
                .filter(b -> !b.path("source").asString("").isEmpty()).map(BindingFact::of).toList();
        return new Topology(queues, exchanges, bindings, policies);
    }

    public Optional<QueueFact> queue(String name) {
        return queues.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public Optional<ExchangeFact> exchange(String name) {
        return exchanges.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The bindings whose source is {@code exchange} (the default exchange's implicit ones are not listed). */
    public List<BindingFact> bindingsFrom(String exchange) {
        return bindings.stream().filter(b -> b.source().equals(exchange)).toList();
    }

    /** The queues a message published to {@code exchange} with {@code routingKey} reaches directly. */
    public Set<String> queuesReached(String exchange, String routingKey) {
        String type = exchange(exchange).map(ExchangeFact::type).orElse("");
        return bindingsFrom(exchange).stream()
                .filter(b -> b.destinationType().equals("queue") && b.matches(type, routingKey))
                .map(BindingFact::destination).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The queue names, for messages. */
    public List<String> queueNames() {
        return queues.stream().map(QueueFact::name).sorted().toList();
    }

    /**
     * A queue.
     *
     * @param type              classic, quorum or stream
     * @param arguments         its x- arguments, as declared
     * @param policy            the policy in effect, if any
     * @param policyDefinition  what that policy sets (its keys without the x- prefix)
     */
    public record QueueFact(String name, String type, boolean durable, boolean autoDelete, boolean exclusive,
                            Map<String, Object> arguments, Optional<String> policy,
                            Map<String, Object> policyDefinition) {

        /** Keys where RabbitMQ applies the lower of the argument and the policy when both are set. */
        private static final Set<String> LOWER_WINS = Set.of("max-length", "max-length-bytes", "delivery-limit",
                "message-ttl", "expires");

        public QueueFact {
            arguments = Map.copyOf(arguments);
            policyDefinition = Map.copyOf(policyDefinition);
        }

        /**
         * The queue with the policy that applies to it, chosen as RabbitMQ chooses (the highest priority among those
         * whose pattern matches its name and that apply to queues). The management API's own "policy" field comes
         * from statistics, seconds late for a queue declared just now.
         */
        static QueueFact of(JsonNode q, List<PolicyFact> policies) {
            String name = q.path("name").asString();
            Optional<PolicyFact> policy = policies.stream().filter(p -> p.appliesToQueue(name))
                    .max(java.util.Comparator.comparingInt(PolicyFact::priority)
                            .thenComparing(PolicyFact::name, java.util.Comparator.reverseOrder()));
            return new QueueFact(name, q.path("type").asString("classic"), q.path("durable").asBoolean(),
                    q.path("auto_delete").asBoolean(), q.path("exclusive").asBoolean(), Json.map(q.path("arguments")),
                    policy.map(PolicyFact::name), policy.map(PolicyFact::definition).orElse(Map.of()));
        }

        public boolean isQuorum() {
            return type.equals("quorum");
        }

        /**
         * A setting as RabbitMQ applies it, by its policy key ("max-length", "overflow", "dead-letter-exchange",
         * "delivery-limit", "message-ttl"): the queue's {@code x-} argument or its policy's key; for limits set both
         * ways, the lower one.
         */
        public Optional<Object> setting(String key) {
            Optional<Object> argument = Optional.ofNullable(arguments.get("x-" + key));
            Optional<Object> fromPolicy = Optional.ofNullable(policyDefinition.get(key));
            if (LOWER_WINS.contains(key) && argument.isPresent() && fromPolicy.isPresent()
                    && argument.get() instanceof Number a && fromPolicy.get() instanceof Number p) {
                return Optional.of(Math.min(a.longValue(), p.longValue()));
            }
            return argument.or(() -> fromPolicy);
        }

        /** A numeric setting (see {@link #setting}); empty when unset or not a number. */
        public OptionalLong number(String key) {
            return setting(key).filter(Number.class::isInstance).map(n -> OptionalLong.of(((Number) n).longValue()))
                    .orElse(OptionalLong.empty());
        }

        /** A text setting (see {@link #setting}); empty when unset or not text. */
        public Optional<String> text(String key) {
            return setting(key).filter(String.class::isInstance).map(String.class::cast);
        }

        /** "emails (classic, not durable; x-max-length=10, policy bounded: {overflow=reject-publish})". */
        public String describe() {
            StringBuilder out = new StringBuilder(name).append(" (").append(type).append(", ")
                    .append(durable ? "durable" : "not durable");
            if (autoDelete) {
                out.append(", auto-delete");
            }
            if (exclusive) {
                out.append(", exclusive");
            }
            List<String> details = new ArrayList<>();
            new java.util.TreeMap<>(arguments).forEach((k, v) -> {
                if (!k.equals("x-queue-type")) {
                    details.add(k + "=" + v);
                }
            });
            policy.ifPresent(p -> details.add("policy " + p + ": " + new java.util.TreeMap<>(policyDefinition)));
            if (!details.isEmpty()) {
                out.append("; ").append(String.join(", ", details));
            }
            return out.append(")").toString();
        }
    }

    /** An exchange (the default exchange is not listed). */
    public record ExchangeFact(String name, String type, boolean durable, boolean autoDelete, boolean internal,
                               Map<String, Object> arguments) {

        static ExchangeFact of(JsonNode e) {
            return new ExchangeFact(e.path("name").asString(), e.path("type").asString(), e.path("durable").asBoolean(),
                    e.path("auto_delete").asBoolean(), e.path("internal").asBoolean(), Json.map(e.path("arguments")));
        }
    }

    /** A binding from an exchange to a queue or another exchange. */
    public record BindingFact(String source, String destination, String destinationType, String routingKey,
                              Map<String, Object> arguments) {

        static BindingFact of(JsonNode b) {
            return new BindingFact(b.path("source").asString(), b.path("destination").asString(),
                    b.path("destination_type").asString(), b.path("routing_key").asString(""),
                    Json.map(b.path("arguments")));
        }

        /** Whether a message with {@code key} published to a source of {@code exchangeType} follows this binding. */
        boolean matches(String exchangeType, String key) {
            return switch (exchangeType) {
                case "fanout" -> true;
                case "direct" -> routingKey.equals(key);
                case "topic" -> topicMatches(routingKey.split("\\.", -1), 0, key.split("\\.", -1), 0);
                default -> false; // headers exchanges route on headers, not keys
            };
        }

        private static boolean topicMatches(String[] pattern, int p, String[] words, int w) {
            if (p == pattern.length) {
                return w == words.length;
            }
            if (pattern[p].equals("#")) {
                for (int skip = w; skip <= words.length; skip++) {
                    if (topicMatches(pattern, p + 1, words, skip)) {
                        return true;
                    }
                }
                return false;
            }
            return w < words.length && (pattern[p].equals("*") || pattern[p].equals(words[w]))
                    && topicMatches(pattern, p + 1, words, w + 1);
        }
    }

    /** A policy of the vhost. */
    public record PolicyFact(String name, String pattern, String applyTo, int priority, Map<String, Object> definition) {

        /** Whether it applies to a queue of this name (its pattern is searched for in the name, as RabbitMQ does). */
        boolean appliesToQueue(String queue) {
            if (!applyTo.equals("queues") && !applyTo.equals("all")) {
                return false;
            }
            try {
                return java.util.regex.Pattern.compile(pattern).matcher(queue).find();
            } catch (java.util.regex.PatternSyntaxException e) {
                return false;
            }
        }

        static PolicyFact of(JsonNode p) {
            return new PolicyFact(p.path("name").asString(), p.path("pattern").asString(),
                    p.path("apply-to").asString("all"), p.path("priority").asInt(), Json.map(p.path("definition")));
        }
    }

    /** JSON values as plain Java: Long, Double, String, Boolean, List, Map, null. */
    static final class Json {

        private Json() {
        }

        static Map<String, Object> map(JsonNode node) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (node != null && node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    Object value = plain(e.getValue());
                    if (value != null) {
                        out.put(e.getKey(), value);
                    }
                }
            }
            return out;
        }

        static Object plain(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isIntegralNumber()) {
                return node.asLong();
            }
            if (node.isNumber()) {
                return node.asDouble();
            }
            if (node.isBoolean()) {
                return node.asBoolean();
            }
            if (node.isString()) {
                return node.stringValue();
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>();
                node.forEach(n -> list.add(plain(n)));
                return list;
            }
            return map(node);
        }
    }
}
