package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.stats.SampleSummary;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A run's samples per metric, summed from its week buckets (never from raw events). */
final class RunSamples {
    private RunSamples() {
    }

    static Map<MetricName, SampleSummary> of(MetricStore store, WorkspaceId ws, RunId run) {
        Map<MetricName, double[]> sums = new TreeMap<>();
        for (MetricBucket b : store.range(ws, Scope.run(run), null, BucketSize.WEEK, Instant.EPOCH,
                Instant.parse("9999-12-31T00:00:00Z"))) {
            double[] s = sums.computeIfAbsent(b.key().metric(), k -> new double[3]);
            s[0] += b.count();
            s[1] += b.sum();
            s[2] += b.sumOfSquares();
        }
        Map<MetricName, SampleSummary> out = new TreeMap<>();
        sums.forEach((m, s) -> out.put(m, SampleSummary.of((long) s[0], s[1], s[2])));
        return out;
    }
}
