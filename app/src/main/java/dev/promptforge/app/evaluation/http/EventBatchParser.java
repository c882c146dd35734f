package dev.promptforge.app.evaluation.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.promptforge.app.shared.http.BodyErrors;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.shared.DomainException;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.InvalidInput.FieldError;
import java.io.IOException;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a batch of events from a JSON array or NDJSON (one object per line) with a streaming parser, checking
 * every field's type and collecting each problem by item index; the domain then checks the values. Unknown fields
 * are errors (a misspelt {@code latency_ms} must not be dropped silently).
 */
final class EventBatchParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /**
     * Client metric names already checked, by their text: a batch names the same few metrics on every line, and a
     * regular expression per metric per event showed in the parser's profile. Bounded: past the limit new names are
     * checked each time instead of remembered.
     */
    private static final int KNOWN_NAMES = 4096;
    private static final Map<String, MetricName> NAMES = new ConcurrentHashMap<>();
    /**
     * A bit per known field, to refuse one given twice (it would otherwise be last-wins): cheaper on ingestion's
     * hot path than Jackson's duplicate detection, which keeps a set per object. {@code metadata} is stored as the
     * client sent it.
     */
    private static final Map<String, Integer> FIELD_BITS = fieldBits("id", "case", "metrics", "passed", "latencyMs",
            "cost", "tokensIn", "tokensOut", "model", "input", "output", "at", "metadata");

    private EventBatchParser() {
    }

    static List<EvaluationEvent> parse(byte[] body, boolean ndjson) {
        String notUtf8 = dev.promptforge.app.shared.http.Utf8Check.problem(body);
        if (notUtf8 != null) {
            throw InvalidInput.field("request.invalid-json", "body", notUtf8);
        }
        List<EvaluationEvent> events = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        if (ndjson) {
            int start = 0;
            int index = 0;
            for (int i = 0; i <= body.length; i++) {
                if (i == body.length || body[i] == '\n') {
                    int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                    if (!blank(body, start, end)) {
                        try (JsonParser p = JSON.createParser(body, start, end - start)) {
                            if (p.nextToken() != JsonToken.START_OBJECT) {
                                errors.add(new FieldError("items[" + index + "]", "each line must be a JSON object"));
                            } else {
                                EvaluationEvent e = item(p, index, errors);
                                if (p.nextToken() != null) {
                                    errors.add(new FieldError("items[" + index + "]", "one JSON object per line"));
                                }
                                events.add(e);
                            }
                        } catch (JsonProcessingException e) {
                            errors.add(new FieldError("items[" + index + "]",
                                    "not valid JSON: " + BodyErrors.plain(e.getOriginalMessage())));
                        } catch (IOException e) {
                            throw malformed(e);
                        }
                        index++;
                    }
                    start = i + 1;
                }
            }
        } else {
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw InvalidInput.field("evaluation.invalid-events", "body",
                            "send a JSON array of events, or NDJSON with Content-Type: application/x-ndjson");
                }
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        errors.add(new FieldError("items[" + index + "]", "each event must be a JSON object"));
                        p.skipChildren();
                    } else {
                        events.add(item(p, index, errors));
                    }
                    index++;
                }
                if (p.nextToken() != null) {
                    throw InvalidInput.field("evaluation.invalid-events", "body", "unexpected content after the array");
                }
            } catch (JsonProcessingException e) {
                // a broken limit (nesting, number length) comes without a location
                JsonLocation where = e.getLocation();
                throw InvalidInput.field("request.invalid-json", "body", "the body is not valid JSON"
                        + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                        + ": " + BodyErrors.plain(e.getOriginalMessage()));
            } catch (IOException e) {
                throw malformed(e);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput("evaluation.invalid-events", errors.size()
                    + " problem(s) in the batch; nothing was stored. Fix the listed items and send the whole batch again",
                    errors);
        }
        return events;
    }

    private static InvalidInput malformed(IOException e) {
        return InvalidInput.field("request.invalid-json", "body", "the body cannot be read as UTF-8 JSON: " + e.getMessage());
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads one event object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static EvaluationEvent item(JsonParser p, int index, List<FieldError> errors) throws IOException {
        // the prefix once per item; a field's full path only for an error (a valid batch builds none)
        String at = "items[" + index + "].";
        String id = null;
        String caseId = null;
        Map<MetricName, Double> metrics = new HashMap<>();
        Boolean passed = null;
        Double latency = null;
        Long tokensIn = null;
        Long tokensOut = null;
        Double cost = null;
        String model = null;
        Instant time = null;
        String input = null;
        String output = null;
        String metadata = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            int bit = FIELD_BITS.getOrDefault(field, 0);
            if ((seen & bit) != 0) {
                errors.add(new FieldError(at + field, "is given twice; give each field once"));
                p.skipChildren();
                continue;
            }
            seen |= bit;
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "id" -> id = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT ? p.getText()
                        : wrong(p, errors, at, field, "a string");
                case "case" -> caseId = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT ? p.getText()
                        : wrong(p, errors, at, field, "a string");
                case "metrics" -> {
                    if (t != JsonToken.START_OBJECT) {
                        wrong(p, errors, at, field, "an object of metric names to numbers");
                    } else {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                                wrong(p, errors, at, "metrics." + name, "a number");
                                continue;
                            }
                            try {
                                if (metrics.put(metricName(name), p.getDoubleValue()) != null) {
                                    errors.add(new FieldError(at + "metrics." + name,
                                            "is given twice; give each metric once"));
                                }
                            } catch (DomainException e) {
                                errors.add(new FieldError(at + "metrics." + name, e.getMessage()));
                            }
                        }
                    }
                }
                case "passed" -> {
                    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        passed = t == JsonToken.VALUE_TRUE;
                    } else {
                        wrong(p, errors, at, field, "true or false");
                    }
                }
                case "latencyMs" -> latency = number(p, t, errors, at, field);
                case "cost" -> cost = number(p, t, errors, at, field);
                case "tokensIn" -> tokensIn = integer(p, t, errors, at, field);
                case "tokensOut" -> tokensOut = integer(p, t, errors, at, field);
                case "model" -> model = string(p, t, errors, at, field);
                case "input" -> input = string(p, t, errors, at, field);
                case "output" -> output = string(p, t, errors, at, field);
                case "at" -> time = time(p, t, errors, at, field);
                case "metadata" -> {
                    if (t != JsonToken.START_OBJECT) {
                        wrong(p, errors, at, field, "a JSON object");
                    } else {
                        StringWriter w = new StringWriter();
                        try (JsonGenerator g = JSON.createGenerator(w)) {
                            g.copyCurrentStructureExact(p); // numbers as sent: 1e400 is not Infinity
                        }
                        metadata = w.toString();
                    }
                }
                default -> {
                    errors.add(new FieldError(at + field, "unknown field '" + field + "'"));
                    p.skipChildren();
                }
            }
        }
        return new EvaluationEvent(id, caseId, metrics, passed, latency, tokensIn, tokensOut, cost, model, time, input,
                output, metadata);
    }

    private static Map<String, Integer> fieldBits(String... fields) {
        Map<String, Integer> bits = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            bits.put(fields[i], 1 << i);
        }
        return Map.copyOf(bits);
    }

    private static MetricName metricName(String name) {
        MetricName known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        MetricName checked = MetricName.ofClient(name);
        if (NAMES.size() < KNOWN_NAMES) {
            NAMES.put(name, checked);
        }
        return checked;
    }

    private static <T> T wrong(JsonParser p, List<FieldError> errors, String at, String field, String expected)
            throws IOException {
        errors.add(new FieldError(at + field, "must be " + expected));
        p.skipChildren();
        return null;
    }

    private static Double number(JsonParser p, JsonToken t, List<FieldError> errors, String at, String field)
            throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            return wrong(p, errors, at, field, "a number");
        }
        return p.getDoubleValue();
    }

    private static Long integer(JsonParser p, JsonToken t, List<FieldError> errors, String at, String field)
            throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return wrong(p, errors, at, field, "a whole number");
        }
        return p.getLongValue();
    }

    private static String string(JsonParser p, JsonToken t, List<FieldError> errors, String at, String field)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return wrong(p, errors, at, field, "a string");
        }
        return p.getText(); // well-formed Unicode: checked with the other text fields by EventRules
    }

    private static Instant time(JsonParser p, JsonToken t, List<FieldError> errors, String at, String field)
            throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            Instant utc = utcInstant(text);
            if (utc != null) {
                return utc;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(at + field,
                        "must be an ISO-8601 time with offset (2026-11-21T10:15:30Z) or epoch ms"));
                return null;
            }
        }
        return wrong(p, errors, at, field, "an ISO-8601 time or epoch milliseconds");
    }

    /**
     * The common form {@code 2026-11-21T10:15:30[.fraction]Z} read directly, about ten times cheaper than the
     * general ISO-8601 parser; null when {@code s} is not exactly that form or not a valid time (the general parser
     * then decides, with its message).
     */
    static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, n - 1);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
