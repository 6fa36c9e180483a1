package dev.roadlab.grader.http;

import dev.roadlab.grader.http.Alert.Risk;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The alerts of a {@link PassiveScan}, in the order raised (response by response, rule by rule).
 *
 * @param alerts every alert
 */
public record PassiveScanReport(List<Alert> alerts) {

    public PassiveScanReport {
        alerts = List.copyOf(alerts);
    }

    /** The alerts of one ZAP rule. */
    public List<Alert> alerts(int pluginId) {
        return alerts.stream().filter(a -> a.pluginId() == pluginId).toList();
    }

    /** The alerts of one case of a rule, e.g. {@code "10055-5"}. */
    public List<Alert> alerts(String alertRef) {
        return alerts.stream().filter(a -> a.alertRef().equals(alertRef)).toList();
    }

    /** The alerts of risk {@code risk} or higher. */
    public List<Alert> atLeast(Risk risk) {
        return alerts.stream().filter(a -> a.risk().atLeast(risk)).toList();
    }

    /** Alert refs raised, each with how many times, highest risk first: what ZAP's baseline summary lists. */
    public Map<String, Long> summary() {
        return alerts.stream().sorted(Comparator.comparing(Alert::risk).reversed().thenComparing(Alert::alertRef))
                .collect(Collectors.groupingBy(a -> a.alertRef() + " " + a.name() + " [" + a.risk().label() + "]",
                        LinkedHashMap::new, Collectors.counting()));
    }

    /** One line per alert, highest risk first, for a report or a failure message. */
    public String describe() {
        if (alerts.isEmpty()) {
            return "No alerts.";
        }
        return alerts.stream().sorted(Comparator.comparing(Alert::risk).reversed())
                .map(Alert::describe).collect(Collectors.joining("\n"));
    }
}
