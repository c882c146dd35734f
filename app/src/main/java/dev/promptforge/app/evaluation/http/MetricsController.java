package dev.promptforge.app.evaluation.http;

import dev.promptforge.app.evaluation.http.RunMessages.MetricsResponse;
import dev.promptforge.app.shared.http.Params;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.MetricsQuery;
import dev.promptforge.domain.evaluation.QueryMetrics;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import dev.promptforge.domain.shared.WorkspaceId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Time-bucketed metrics of a run, commit, prompt or experiment variant, read from buckets only. */
@Controller("/api/v1/metrics")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MetricsController {
    /** A few hundred bytes each: a year of day buckets of every metric of a few scopes, or many scopes' hours. */
    private static final int CACHED_ITEMS = 20_000;
    private final BucketItemCache items = new BucketItemCache(CACHED_ITEMS);
    private final QueryMetrics query;
    private final QuantileSketches sketches;
    private final Clock clock;

    MetricsController(QueryMetrics query, QuantileSketches sketches, Clock clock) {
        this.query = query;
        this.sketches = sketches;
        this.clock = clock;
    }

    @Get
    MetricsResponse metrics(@Nullable @QueryValue String scope, @Nullable @QueryValue String metric,
            @Nullable @QueryValue String bucket, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        Scope s = Scope.parse(scope);
        BucketSize size = BucketSize.parse(bucket);
        Instant end = to == null ? clock.instant().plus(Duration.ofDays(1)) : Params.instant("evaluation.invalid-range", "to", to);
        Instant start = from == null ? end.minus(size == BucketSize.HOUR ? Duration.ofDays(7) : Duration.ofDays(365))
                : Params.instant("evaluation.invalid-range", "from", from);
        var buckets = query.query(new MetricsQuery(WorkspaceId.DEFAULT, s,
                metric == null || metric.isEmpty() ? null : new MetricName(metric), size, start, end));
        return new MetricsResponse(s.key(), size.wire(), start.toString(), end.toString(), sketches.relativeAccuracy(),
                buckets.stream().map(items::of).toList());
    }
}
