package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import java.time.Instant;

/** The width of a metric time bucket, aligned in UTC: an hour, a day, or an ISO week starting on Monday. */
public enum BucketSize {
    HOUR, DAY, WEEK;

    /** The start of the bucket holding {@code at}. */
    public Instant start(Instant at) {
        return Instant.ofEpochMilli(startMillis(at.toEpochMilli()));
    }

    /** The start of the bucket holding the epoch millisecond {@code at}, in epoch milliseconds. */
    public long startMillis(long at) {
        return switch (this) {
            case HOUR -> Math.floorDiv(at, HOUR_MS) * HOUR_MS;
            case DAY -> Math.floorDiv(at, DAY_MS) * DAY_MS;
            // 1970-01-01 was a Thursday: Monday-based weeks start 3 days after an epoch-aligned 7-day step
            case WEEK -> Math.floorDiv(at - 4 * DAY_MS, 7 * DAY_MS) * 7 * DAY_MS + 4 * DAY_MS;
        };
    }

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BucketSize parse(String s) {
        if (s == null) {
            return HOUR;
        }
        return switch (s) {
            case "hour" -> HOUR;
            case "day" -> DAY;
            case "week" -> WEEK;
            default -> throw InvalidInput.field("evaluation.invalid-bucket", "bucket", "bucket must be hour, day or week");
        };
    }
}
