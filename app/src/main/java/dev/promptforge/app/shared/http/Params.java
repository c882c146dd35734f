package dev.promptforge.app.shared.http;

import dev.promptforge.domain.shared.InvalidInput;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/** Reads query and message parameters, answering bad values with a 400 naming the parameter. */
public final class Params {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");

    private Params() {
    }

    /** A whole number, or {@code fallback} when absent. */
    public static int intParam(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw InvalidInput.field("request.invalid-parameter", name, name + " must be a whole number");
        }
    }

    /** An ISO-8601 time with offset or epoch milliseconds; {@code code} names the failure. */
    public static Instant instant(String code, String name, String value) {
        Instant t;
        try {
            t = EPOCH_MILLIS.matcher(value).matches() ? Instant.ofEpochMilli(Long.parseLong(value))
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw InvalidInput.field(code, name, name + " must be an ISO-8601 time with offset or epoch milliseconds");
        }
        // years such as +300000000 parse but overflow epoch milliseconds (and a default range computed from them)
        if (t.isBefore(FIRST) || t.isAfter(LAST)) {
            throw InvalidInput.field(code, name, name + " must be between " + FIRST + " and " + LAST + ", not "
                    + value);
        }
        return t;
    }

    /** The times accepted: four-digit years, as in RFC 3339. */
    static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");
}
