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

    private static Double number(String s) {
        try {
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
