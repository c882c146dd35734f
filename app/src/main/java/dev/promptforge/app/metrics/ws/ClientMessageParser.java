package dev.promptforge.app.metrics.ws;

import dev.promptforge.domain.shared.UnicodeText;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.promptforge.app.metrics.ws.LiveMessages.ClientMessage;
import dev.promptforge.app.shared.http.BodyErrors;
import dev.promptforge.app.metrics.ws.LiveMessages.PingMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.PongMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.ResumeMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.SubscribeMessage;
import dev.promptforge.app.metrics.ws.LiveMessages.UnsubscribeMessage;
import dev.promptforge.domain.shared.InvalidInput;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Reads one client message, checking the JSON types of its fields; the values (scope, bucket, metric, range) are
 * checked by the socket against the domain's rules. Unknown fields are refused so that a misspelt {@code metrics}
 * does not silently subscribe to every metric.
 */
final class ClientMessageParser {
    static final String INVALID = "live.invalid-message";
    static final String UNKNOWN_TYPE = "live.unknown-type";
    private static final int MAX_ID_CHARS = 64;
    private static final int MAX_PROBLEM_CHARS = 200;
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> SUBSCRIBE_FIELDS = Set.of("type", "id", "scope", "metric", "bucket", "from",
            "to");
    private static final Set<String> RESUME_FIELDS = Set.of("type", "id", "scope", "metric", "bucket", "from", "to",
            "after");

    private final JsonMapper json;

    ClientMessageParser(JsonMapper json) {
        this.json = json;
    }

    /** A JSON object, or {@code live.invalid-message}. */
    JsonNode tree(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String problem = syntaxProblem(bytes);
        if (problem != null) {
            throw new InvalidInput(INVALID, "the message is not valid JSON: " + problem);
        }
        JsonNode node;
        try {
            node = json.readValue(bytes, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInput(INVALID, "the message is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInput(INVALID, "a message is a JSON object with a \"type\"");
        }
        return node;
    }

    /**
     * What keeps {@code bytes} from being one JSON value, or null. The tree reader takes the first value and drops
     * what follows it, so {@code {"type":"ping"} {"type":"subscribe"}} would be answered as something the client may
     * not have meant. A field given twice is refused here too, with its name.
     */
    static String syntaxProblem(byte[] bytes) {
        try (JsonParser p = STRICT.createParser(bytes)) {
            if (p.nextToken() == null) {
                return "the message is empty";
            }
            p.skipChildren();
            return p.nextToken() == null ? null : "it holds more than one JSON value";
        } catch (JsonProcessingException e) {
            String m = BodyErrors.plain(e.getOriginalMessage());
            return m.length() <= MAX_PROBLEM_CHARS ? m : m.substring(0, MAX_PROBLEM_CHARS) + "...";
        } catch (IOException e) {
            return "it cannot be read";
        }
    }

    /** The {@code id} of a message when it has a usable one, to name it in an error. */
    static String idOf(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && id.isString() && validId(id.getStringValue()) ? id.getStringValue() : null;
    }

    ClientMessage parse(JsonNode m) {
        JsonNode type = m.get("type");
        if (type == null || !type.isString()) {
            throw missingOrWrong("type", type, "one of subscribe, resume, unsubscribe, ping or pong");
        }
        return switch (type.getStringValue()) {
            case "subscribe" -> {
                onlyFields(m, SUBSCRIBE_FIELDS);
                yield subscription(m);
            }
            case "resume" -> {
                onlyFields(m, RESUME_FIELDS);
                JsonNode after = m.get("after");
                if (after == null || !after.isNumber() || !isWhole(after) || after.getLongValue() < 0) {
                    throw missingOrWrong("after", after, "the last seq the client saw, a whole number >= 0");
                }
                yield new ResumeMessage(subscription(m), after.getLongValue());
            }
            case "unsubscribe" -> {
                onlyFields(m, Set.of("type", "id"));
                yield new UnsubscribeMessage(id(m));
            }
            case "ping" -> {
                onlyFields(m, Set.of("type"));
                yield PingMessage.INSTANCE;
            }
            case "pong" -> {
                onlyFields(m, Set.of("type"));
                yield PongMessage.INSTANCE;
            }
            default -> throw InvalidInput.field(UNKNOWN_TYPE, "type", "unknown message type '"
                    + abbreviate(type.getStringValue()) + "': use subscribe, resume, unsubscribe, ping or pong");
        };
    }

    private static SubscribeMessage subscription(JsonNode m) {
        String scope = optionalText(m, "scope");
        if (scope == null) {
            throw field("scope", "\"scope\" is required: run:<id>, commit:<id>, prompt:<name> or experiment:<id>");
        }
        return new SubscribeMessage(id(m), scope, optionalText(m, "metric"), optionalText(m, "bucket"), time(m, "from"),
                time(m, "to"));
    }

    private static String id(JsonNode m) {
        JsonNode id = m.get("id");
        if (id == null || !id.isString() || !validId(id.getStringValue())) {
            throw missingOrWrong("id", id, "the client's name for the subscription, 1-" + MAX_ID_CHARS
                    + " printable characters");
        }
        return id.getStringValue();
    }

    private static boolean validId(String id) {
        return !id.isEmpty() && !UnicodeText.longerThan(id, MAX_ID_CHARS)
                && id.chars().noneMatch(Character::isISOControl) && UnicodeText.wellFormed(id);
    }

    private static String optionalText(JsonNode m, String name) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw field(name, "\"" + name + "\" must be a string");
        }
        return v.getStringValue();
    }

    /** A time as text (ISO-8601 with offset) or a number (epoch milliseconds), passed on as text. */
    private static String time(JsonNode m, String name) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber() && isWhole(v)) {
            return Long.toString(v.getLongValue());
        }
        if (!v.isString()) {
            throw field(name, "\"" + name + "\" must be an ISO-8601 time with offset or epoch milliseconds");
        }
        return v.getStringValue();
    }

    private static boolean isWhole(JsonNode number) {
        Number n = number.getNumberValue();
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger && ((java.math.BigInteger) n).bitLength() < 64;
    }

    private static void onlyFields(JsonNode m, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> e : m.entries()) {
            if (!allowed.contains(e.getKey())) {
                throw field(e.getKey(), "unknown field \"" + abbreviate(e.getKey()) + "\"");
            }
        }
    }

    private static InvalidInput field(String name, String message) {
        return InvalidInput.field(INVALID, name, message);
    }

    /** "x is required: what" when {@code value} is absent, "x must be what, not value" when it is there. */
    private static InvalidInput missingOrWrong(String name, JsonNode value, String what) {
        return field(name, value == null ? "\"" + name + "\" is required: " + what
                : "\"" + name + "\" must be " + what + ", not " + describe(value));
    }

    private static String describe(JsonNode v) {
        if (v.isString()) {
            String text = v.getStringValue();
            return text.isEmpty() ? "an empty string" : "\"" + abbreviate(text) + "\""
                    + (text.chars().anyMatch(Character::isISOControl) ? " (it holds a control character)" : "")
                    + (UnicodeText.longerThan(text, MAX_ID_CHARS)
                            ? " (" + text.codePointCount(0, text.length()) + " characters)" : "");
        }
        if (v.isNumber()) {
            return abbreviate(String.valueOf(v.getNumberValue()));
        }
        if (v.isBoolean()) {
            return String.valueOf(v.getBooleanValue());
        }
        return v.isNull() ? "null" : v.isArray() ? "an array" : "an object";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
