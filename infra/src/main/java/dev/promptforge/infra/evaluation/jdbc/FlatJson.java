package dev.promptforge.infra.evaluation.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The stored form of an event's metrics: a flat JSON object of names (no escapes needed) to finite numbers. */
final class FlatJson {
    private FlatJson() {
    }

    static String write(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Double> e : new TreeMap<>(values).entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return sb.append('}').toString();
    }

    /** Reads what {@link #write} wrote (metric names never contain quotes, commas or colons in quotes). */
    static Map<String, Double> read(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        String body = json.strip();
        if (body.length() < 2 || body.charAt(0) != '{' || body.charAt(body.length() - 1) != '}') {
            throw new IllegalArgumentException("not a flat JSON object: " + json);
        }
        body = body.substring(1, body.length() - 1);
        if (body.isBlank()) {
            return out;
        }
        for (String pair : body.split(",")) {
            int colon = pair.lastIndexOf(':');
            String key = pair.substring(0, colon).strip();
            out.put(key.substring(1, key.length() - 1), Double.parseDouble(pair.substring(colon + 1).strip()));
        }
        return out;
    }
}
