package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;

/**
 * The name of a measured quantity ({@code accuracy}, {@code faithfulness}): 1 to 64 of {@code A-Z a-z 0-9 _ . : -},
 * starting with a letter or digit. Names starting with {@code _} are reserved for the built-in metrics every event
 * feeds ({@link #PASSED}, {@link #LATENCY_MS}, {@link #COST}, {@link #TOKENS_IN}, {@link #TOKENS_OUT}).
 */
public record MetricName(String value) implements Comparable<MetricName> {
    // first: the constants below are built with it during class initialisation
    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("_?[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    public static final MetricName PASSED = new MetricName("_passed", true);
    public static final MetricName LATENCY_MS = new MetricName("_latency_ms", true);
    public static final MetricName COST = new MetricName("_cost", true);
    public static final MetricName TOKENS_IN = new MetricName("_tokens_in", true);
    public static final MetricName TOKENS_OUT = new MetricName("_tokens_out", true);

    public MetricName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw InvalidInput.field("evaluation.invalid-metric", "metric",
                    "a metric name is 1-64 letters, digits, '_', '.', ':' or '-'");
        }
    }

    private MetricName(String value, boolean builtIn) {
        this(value);
    }

    /** A metric a client names; the reserved {@code _} prefix is refused. */
    public static MetricName ofClient(String value) {
        if (value != null && value.startsWith("_")) {
            throw InvalidInput.field("evaluation.invalid-metric", "metric",
                    "metric names starting with '_' are reserved for built-in metrics");
        }
        return new MetricName(value);
    }

    public boolean builtIn() {
        return value.startsWith("_");
    }

    // Written out rather than left to the record: the generated ones go through method-handle chains, which the live
    // metrics flusher showed at 7% of its samples (a name is compared for every change and subscription of a topic).
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MetricName m && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(MetricName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
