package dev.roadlab.grader.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Label selectors as Kubernetes evaluates them. */
public final class Labels {

    private Labels() {
    }

    /**
     * A Service's selector: every pair must be among the labels. An empty selector selects nothing here (a Service
     * without a selector has no endpoints that Kubernetes manages).
     */
    public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /**
     * A set-based selector (Deployments, PodDisruptionBudgets): matchLabels and every matchExpressions requirement.
     * {@code null} selects nothing; an empty selector ({@code {}}) selects every pod of its namespace.
     */
    public static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> match = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean pairs = match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        return pairs && expressions.stream().allMatch(r -> holds(r, labels));
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    /** {@code app=web, tier=frontend}: labels or a selector as a message shows them. */
    public static String show(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "(none)";
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A set-based selector as a message shows it. */
    public static String show(LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        String pairs = selector.getMatchLabels() == null ? "" : show(selector.getMatchLabels());
        String expressions = selector.getMatchExpressions() == null ? "" : selector.getMatchExpressions().stream()
                .map(r -> r.getKey() + " " + r.getOperator() + (r.getValues() == null || r.getValues().isEmpty() ? ""
                        : " (" + String.join(", ", r.getValues()) + ")"))
                .collect(Collectors.joining(", "));
        String all = pairs.isEmpty() || pairs.equals("(none)") ? expressions
                : expressions.isEmpty() ? pairs : pairs + ", " + expressions;
        return all.isEmpty() ? "{} (every pod)" : all;
    }
}
