package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The thresholds of a verdict by metric, with a stable text form stored with the run and used by the CLI:
 * {@code accuracy:maxRegression=0.02,min=0.8;latency:direction=decrease,maxRegression=50}.
 */
public record Thresholds(Map<MetricName, Threshold> byMetric) {
    public static final Thresholds NONE = new Thresholds(Map.of());

    public Thresholds {
        byMetric = Map.copyOf(byMetric);
    }

    public String format() {
        StringJoiner all = new StringJoiner(";");
        new TreeMap<>(byMetric).forEach((m, t) -> {
            StringJoiner parts = new StringJoiner(",");
            if (t.minDelta() != null) {
                parts.add("minDelta=" + t.minDelta());
            }
            if (t.maxRegression() != null) {
                parts.add("maxRegression=" + t.maxRegression());
            }
            if (t.min() != null) {
                parts.add("min=" + t.min());
            }
            parts.add("direction=" + t.direction().name().toLowerCase(java.util.Locale.ROOT));
            all.add(m.value() + ":" + parts);
        });
        return all.toString();
    }

    /** Parses {@link #format()} output, or the CLI's {@code --threshold} values joined by {@code ;}. */
    public static Thresholds parse(String text) {
        Map<MetricName, Threshold> map = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return NONE;
        }
        for (String item : text.split(";")) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                throw InvalidInput.field("evaluation.invalid-threshold", "thresholds",
                        "a threshold looks like metric:maxRegression=0.02,min=0.8");
            }
            MetricName metric = new MetricName(item.substring(0, colon).strip());
            if (map.containsKey(metric)) {
                // a second spec replaced the first, so "accuracy:min=0.95" beside "accuracy:direction=increase" lost
                // its minimum and the gate passed
                throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "the threshold of '" + metric
                        + "' is given twice: give all its keys in one, such as " + metric
                        + ":min=0.8,maxRegression=0.02");
            }
            java.util.Set<String> keys = new java.util.HashSet<>();
            Double minDelta = null;
            Double maxRegression = null;
            Double min = null;
            Threshold.Direction direction = null;
            for (String kv : item.substring(colon + 1).split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) {
                    throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "expected key=value in '" + kv + "'");
                }
                String key = p[0].strip();
                String value = p[1].strip();
                if (!keys.add(key)) {
                    throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "'" + key
                            + "' is given twice in the threshold of '" + metric + "'");
                }
                switch (key) {
                    case "minDelta" -> minDelta = number(value);
                    case "maxRegression" -> maxRegression = number(value);
                    case "min" -> min = number(value);
                    case "direction" -> direction = direction(value);
                    default -> throw InvalidInput.field("evaluation.invalid-threshold", "thresholds",
                            "unknown threshold '" + key + "': use minDelta, maxRegression, min or direction");
                }
            }
            map.put(metric, new Threshold(minDelta, maxRegression, min, direction));
        }
        return new Thresholds(map);
    }

    public static Threshold.Direction direction(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "increase" -> Threshold.Direction.INCREASE;
            case "decrease" -> Threshold.Direction.DECREASE;
            default -> throw InvalidInput.field("evaluation.invalid-threshold", "thresholds",
                    "direction must be increase or decrease");
        };
    }

    /** A decimal number as JSON writes it; Java's literals ({@code 1d}, {@code 0x1p-1}) are not numbers here. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static Double number(String s) {
        try {
            if (!DECIMAL.matcher(s).matches()) {
                throw new NumberFormatException();
            }
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw InvalidInput.field("evaluation.invalid-threshold", "thresholds", "'" + s + "' is not a finite number");
        }
    }
}
