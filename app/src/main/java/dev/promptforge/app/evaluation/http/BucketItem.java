package dev.promptforge.app.evaluation.http;

import dev.promptforge.domain.evaluation.MetricBucket;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One metric bucket with its current totals, as REST responses and live WebSocket messages carry it. */
@Serdeable
public record BucketItem(String metric, String start, long count, double sum, @Nullable Double mean, double min,
        double max, @Nullable Double p50, @Nullable Double p90, @Nullable Double p99) {
    public static BucketItem of(MetricBucket b) {
        double[] q = b.sketch().quantiles(0.5, 0.9, 0.99);
        return new BucketItem(b.key().metric().value(), b.key().start().toString(), b.count(), b.sum(),
                finite(b.mean()), b.min(), b.max(), finite(q[0]), finite(q[1]), finite(q[2]));
    }

    /** JSON has no NaN or infinity: undefined figures are sent as null. */
    static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
