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
        try {
            return EPOCH_MILLIS.matcher(value).matches() ? Instant.ofEpochMilli(Long.parseLong(value))
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw InvalidInput.field(code, name, name + " must be an ISO-8601 time with offset or epoch milliseconds");
        }
    }
}
