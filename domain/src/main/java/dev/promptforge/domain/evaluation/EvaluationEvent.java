package dev.promptforge.domain.evaluation;

import java.time.Instant;
import java.util.Map;

/**
 * One result of one test case in a run, as a CI job reports it. {@code clientId} is chosen by the client and
 * makes retries idempotent (a run stores each client id once). Every numeric value is finite. {@code metadata}
 * is JSON text. Optional fields are {@code null}.
 */
public record EvaluationEvent(String clientId, String caseId, Map<MetricName, Double> metrics, Boolean passed,
        Double latencyMs, Long tokensIn, Long tokensOut, Double cost, String model, Instant at, String input,
        String output, String metadata) {
    public EvaluationEvent {
        metrics = Map.copyOf(metrics);
    }

    /** The values this event adds to each metric, built-ins included. */
    public Map<MetricName, Double> values() {
        java.util.HashMap<MetricName, Double> all = new java.util.HashMap<>(metrics);
        if (passed != null) {
            all.put(MetricName.PASSED, passed ? 1.0 : 0.0);
        }
        if (latencyMs != null) {
            all.put(MetricName.LATENCY_MS, latencyMs);
        }
        if (cost != null) {
            all.put(MetricName.COST, cost);
        }
        if (tokensIn != null) {
            all.put(MetricName.TOKENS_IN, tokensIn.doubleValue());
        }
        if (tokensOut != null) {
            all.put(MetricName.TOKENS_OUT, tokensOut.doubleValue());
        }
        return all;
    }
}
