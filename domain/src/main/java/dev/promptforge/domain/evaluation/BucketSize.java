package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** The width of a metric time bucket, aligned in UTC: an hour, a day, or an ISO week starting on Monday. */
public enum BucketSize {
    HOUR, DAY, WEEK;

    /** The start of the bucket holding {@code at}. */
    public Instant start(Instant at) {
        return switch (this) {
            case HOUR -> at.truncatedTo(ChronoUnit.HOURS);
            case DAY -> at.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> ZonedDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
        };
    }

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
