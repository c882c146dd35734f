package dev.promptforge.app.versioning.http;

import dev.promptforge.domain.shared.InvalidInput;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Model configurations on the wire are JSON objects; the domain keeps them as canonical JSON text (keys sorted,
 * no insignificant whitespace) so the same configuration always hashes the same.
 */
@Singleton
final class JsonConfigs {
    private final JsonMapper mapper;

    JsonConfigs(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Canonical text of a config object; {@code null} for an absent or JSON {@code null} config. */
    String canonical(JsonNode config) {
        if (config == null || config.isNull()) {
            return null;
        }
        if (!config.isObject()) {
            throw InvalidInput.field("versioning.invalid-config", "config", "config must be a JSON object");
        }
        StringBuilder sb = new StringBuilder();
        write(config, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            node.entries().forEach(entries::add);
            entries.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(entries.get(i).getKey(), sb);
                sb.append(':');
                write(entries.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            int i = 0;
            for (JsonNode v : node.values()) {
                if (i++ > 0) {
                    sb.append(',');
                }
                write(v, sb);
            }
            sb.append(']');
        } else if (node.isString()) {
            string(node.getStringValue(), sb);
        } else if (node.isNumber()) {
            Number n = node.getNumberValue();
            if (n instanceof Double d && (d.isNaN() || d.isInfinite()) || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
                throw InvalidInput.field("versioning.invalid-config", "config", "config numbers must be finite");
            }
            sb.append(n instanceof BigDecimal bd ? bd.toString() : n.toString());
        } else if (node.isBoolean()) {
            sb.append(node.getBooleanValue());
        } else {
            sb.append("null");
        }
    }

    private static void string(String s, StringBuilder sb) {
        if (!dev.promptforge.domain.shared.UnicodeText.wellFormed(s)) {
            // as every other text field; paired surrogates are written as escapes below and read back whole
            throw InvalidInput.field("versioning.invalid-config", "config", "config text "
                    + dev.promptforge.domain.shared.UnicodeText.NOT_WELL_FORMED);
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The stored canonical text as a JSON tree for responses. */
    JsonNode tree(String canonical) {
        if (canonical == null) {
            return null;
        }
        try {
            return mapper.readValue(canonical, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored config is not JSON", e);
        }
    }

    /** A template variable's value as text: strings as they are, other scalars as JSON. */
    static String variable(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            throw InvalidInput.field("versioning.invalid-variable", "variables." + name, "variable '" + name + "' is null");
        }
        if (value.isString()) {
            if (!dev.promptforge.domain.shared.UnicodeText.wellFormed(value.getStringValue())) {
                throw InvalidInput.field("versioning.invalid-variable", "variables." + name, "variable '" + name
                        + "' " + dev.promptforge.domain.shared.UnicodeText.NOT_WELL_FORMED);
            }
            return value.getStringValue();
        }
        if (value.isNumber() && value.getNumberValue() instanceof Double d && (d.isInfinite() || d.isNaN())) {
            throw InvalidInput.field("versioning.invalid-variable", "variables." + name, "variable '" + name
                    + "' is a number outside the range the server reads (about 1.8e308); send it as a string");
        }
        if (value.isNumber() || value.isBoolean()) {
            StringBuilder sb = new StringBuilder();
            write(value, sb);
            return sb.toString();
        }
        throw InvalidInput.field("versioning.invalid-variable", "variables." + name,
                "variable '" + name + "' must be a string, number or boolean");
    }
}
