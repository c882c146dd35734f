package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.QuantileSketch;

/**
 * The running summary of one metric in one time bucket of one scope: count, sum, sum of squares, min, max and a
 * mergeable quantile sketch. Buckets only grow; merging two buckets of the same key gives the bucket of the union.
 */
public record MetricBucket(BucketKey key, long count, double sum, double sumOfSquares, double min, double max,
        QuantileSketch sketch) {

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
